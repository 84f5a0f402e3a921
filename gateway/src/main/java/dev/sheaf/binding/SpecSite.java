package dev.sheaf.binding;

import dev.sheaf.config.ConfigProblems;
import dev.sheaf.config.YamlLocator;
import java.nio.file.Path;

/** Where a spec sits in a binding file, so that a problem with it names the file, line and key. */
record SpecSite(Path file, YamlLocator locator, String section, String name) {

  void problem(ConfigProblems problems, String message, String... subKeys) {
    String[] path = new String[subKeys.length + 2];
    path[0] = section;
    path[1] = name;
    System.arraycopy(subKeys, 0, path, 2, subKeys.length);
    String key = section + "." + name + (subKeys.length == 0 ? "" : "." + String.join(".", subKeys));
    problems.add(file, locator.lineOf(path), key, message);
  }

  /** A problem with one placeholder: at the line where it is written, within this spec. */
  void problemWith(ConfigProblems problems, String placeholder, String message) {
    problems.add(file, locator.lineOfText(placeholder, section, name), section + "." + name, message);
  }
}

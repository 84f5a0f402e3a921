package dev.sheaf.binding;

import dev.sheaf.config.ConfigException;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Substitutes {@code ${NAME}} and {@code ${NAME:-default}} in a binding file's text before it is
 * read, so one file serves every environment (backend URLs differ between staging and production).
 */
final class Placeholders {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

  private final Map<String, String> vars;
  private final Map<String, String> env;

  Placeholders(Map<String, String> vars, Map<String, String> env) {
    this.vars = vars;
    this.env = env;
  }

  String substitute(Path file, String text) {
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    while (m.find()) {
      String name = m.group(1);
      String value = vars.containsKey(name) ? vars.get(name) : env.get(name);
      if (value == null) {
        value = m.group(2);
      }
      if (value == null) {
        int line = (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1;
        throw new ConfigException(file + ":" + line + ": ${" + name + "} is not set; set the environment "
            + "variable " + name + " or give a default as ${" + name + ":-value}");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }
}

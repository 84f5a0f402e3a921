package dev.sheaf.binding;

import dev.sheaf.config.ConfigException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Collects every problem of the binding files, so an operator sees them all in one start-up. */
final class Problems {

  private final List<String> messages = new ArrayList<>();

  void add(Path file, int line, String key, String message) {
    String where = line > 0 ? file + ":" + line : file.toString();
    messages.add(where + ": " + (key == null ? "" : key + ": ") + message);
  }

  void add(String message) {
    messages.add(message);
  }

  boolean isEmpty() {
    return messages.isEmpty();
  }

  void throwIfAny() {
    if (messages.isEmpty()) {
      return;
    }
    String header = messages.size() == 1 ? "Invalid bindings:" : messages.size() + " problems in the bindings:";
    throw new ConfigException(header + "\n  - " + String.join("\n  - ", messages));
  }
}

package dev.sheaf.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects every problem found in one kind of configuration file, so an operator sees them all in
 * one start-up rather than one per attempt.
 */
public final class ConfigProblems {

  private final String headingForOne;
  private final String headingForMany;
  private final List<String> messages = new ArrayList<>();

  /**
   * @param headingForOne  what the message starts with for a single problem, e.g. "Invalid bindings:"
   * @param headingForMany what follows the count for several, e.g. "problems in the bindings:"
   */
  public ConfigProblems(String headingForOne, String headingForMany) {
    this.headingForOne = headingForOne;
    this.headingForMany = headingForMany;
  }

  /** A problem at a place: the file, its line when known (else 0), and the key when there is one. */
  public void add(Path file, int line, String key, String message) {
    String where = line > 0 ? file + ":" + line : file.toString();
    messages.add(where + ": " + (key == null ? "" : key + ": ") + message);
  }

  /** A problem whose message already names its place. */
  public void add(String message) {
    messages.add(message);
  }

  public boolean isEmpty() {
    return messages.isEmpty();
  }

  /** @throws ConfigException listing every problem, if there is any */
  public void throwIfAny() {
    if (messages.isEmpty()) {
      return;
    }
    String heading = messages.size() == 1 ? headingForOne : messages.size() + " " + headingForMany;
    throw new ConfigException(heading + "\n  - " + String.join("\n  - ", messages));
  }
}

package dev.sheaf.config;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How the gateway writes its log on stdout.
 *
 * @param format JSON lines (for a log collector) or text (for a person at a terminal)
 * @param levels the level of each logger named, e.g. {@code dev.sheaf: debug}; the rest log at info
 */
public record LogsConfig(Format format, Map<String, String> levels) {

  private static final Set<String> LEVELS = Set.of("trace", "debug", "info", "warn", "error", "off");

  public LogsConfig {
    levels = Map.copyOf(levels);
  }

  /** JSON off a terminal (a container, a service manager, a pipe), text on one. */
  public static LogsConfig defaults() {
    return new LogsConfig(System.console() == null ? Format.JSON : Format.TEXT, Map.of());
  }

  public enum Format {
    JSON, TEXT;

    static Format parse(String text, String where) {
      String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
      return switch (t) {
        case "json" -> JSON;
        case "text" -> TEXT;
        default -> throw new ConfigException(where + ": '" + text + "' is not a log format; write json or text");
      };
    }
  }

  /** The levels of a {@code logs.levels} mapping, checked: logger names to trace|debug|info|warn|error|off. */
  static Map<String, String> levels(Map<String, String> given, String where) {
    Map<String, String> levels = new LinkedHashMap<>();
    given.forEach((logger, level) -> {
      String l = level == null ? "" : level.trim().toLowerCase(Locale.ROOT);
      if (!LEVELS.contains(l)) {
        throw new ConfigException(where + "." + logger + ": '" + level + "' is not a level; write one of "
            + "trace, debug, info, warn, error, off");
      }
      levels.put(logger, l);
    });
    return levels;
  }
}

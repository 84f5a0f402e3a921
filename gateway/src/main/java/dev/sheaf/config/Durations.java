package dev.sheaf.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the durations operators write in config files and headers: {@code 800ms}, {@code 2s}, {@code 1m}. */
public final class Durations {

  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(ms|s|m)?");

  private Durations() {
  }

  /**
   * @param text  the value, e.g. "800ms"; a bare number means milliseconds
   * @param where names the file and key, for the error message
   */
  public static Duration parse(String text, String where) {
    if (text == null || text.isBlank()) {
      throw new ConfigException(where + ": a duration is required, e.g. 800ms or 2s");
    }
    Matcher m = DURATION.matcher(text.trim());
    if (!m.matches()) {
      throw new ConfigException(where + ": '" + text + "' is not a duration; write it as 800ms, 2s or 1m");
    }
    long amount = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "ms" : m.group(2);
    return switch (unit) {
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      default -> Duration.ofMillis(amount);
    };
  }

  public static String format(Duration d) {
    return d.toMillis() + "ms";
  }
}

package dev.sheaf.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the durations operators write in config files and headers: {@code 250ms}, {@code 2s},
 * {@code 1.5s}, {@code 1m30s}, {@code 2m}, {@code 1h}. A number needs its unit ({@code timeout: 500} could
 * mean 500 ms or 500 s, and a guess fails quietly at run time), except {@code 0}, which means the same in all.
 */
public final class Durations {

  private static final String NUMBER = "\\d{1,9}(?:\\.\\d{1,9})?";

  // Units largest first, each at most once, as in Go's and Prometheus' durations ("1h30m", never "30m1h").
  private static final Pattern DURATION = Pattern.compile("(?<bare>\\d{1,9}(?:\\.\\d{1,9})?)|(?=.)(?:(?<h>" + NUMBER + ")h)?"
      + "(?:(?<m>" + NUMBER + ")m(?!s))?(?:(?<s>" + NUMBER + ")s)?(?:(?<ms>" + NUMBER + ")ms)?");

  /**
   * The same grammar as a JSON Schema {@code pattern} (ECMA-262), as the published schemas carry it
   * for every duration; a test keeps the schemas in step with it.
   */
  public static final String SCHEMA_PATTERN = "^(0|(?=.)(\\d{1,9}(\\.\\d{1,9})?h)?"
      + "(\\d{1,9}(\\.\\d{1,9})?m(?!s))?(\\d{1,9}(\\.\\d{1,9})?s)?(\\d{1,9}(\\.\\d{1,9})?ms)?)$";

  private static final String EXAMPLES = "write it like 800ms, 1.5s, 1m30s or 1h";

  private Durations() {
  }

  /**
   * @param text  the value, e.g. "800ms" or "1m30s"; a number without a unit is refused, but for 0
   * @param where names the file and key (or the flag, variable or header), for the error message
   */
  public static Duration parse(String text, String where) {
    if (text == null || text.isBlank()) {
      throw new ConfigException(where + ": a duration is required; " + EXAMPLES);
    }
    // "2 s" was accepted before units could be combined; spaces carry no meaning, so drop them.
    String compact = text.strip().replace(" ", "");
    Matcher m = DURATION.matcher(compact);
    if (!m.matches()) {
      throw new ConfigException(where + ": '" + text + "' is not a duration; " + EXAMPLES);
    }
    String bare = m.group("bare");
    if (bare != null) {
      if (bare.equals("0")) {
        return Duration.ZERO;
      }
      throw new ConfigException(where + ": '" + text + "' has no unit; write " + bare + "ms or " + bare
          + "s, as meant (" + EXAMPLES + ")");
    }
    BigDecimal nanos = nanos(m.group("h"), 3_600_000_000_000L)
        .add(nanos(m.group("m"), 60_000_000_000L))
        .add(nanos(m.group("s"), 1_000_000_000L))
        .add(nanos(m.group("ms"), 1_000_000L));
    try {
      return Duration.ofNanos(nanos.longValueExact());
    } catch (ArithmeticException e) {
      throw new ConfigException(where + ": '" + text + "' is longer than any timeout needs; " + EXAMPLES);
    }
  }

  private static BigDecimal nanos(String amount, long nanosPerUnit) {
    return amount == null ? BigDecimal.ZERO : new BigDecimal(amount).multiply(BigDecimal.valueOf(nanosPerUnit));
  }

  public static String format(Duration d) {
    return d.toMillis() + "ms";
  }
}

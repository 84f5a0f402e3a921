package dev.sheaf.cache;

import java.util.Locale;

/**
 * The directives of a backend answer's {@code Cache-Control} that decide whether and how long the
 * gateway keeps it (RFC 9111 §5.2.2). Seconds are -1 when the directive is absent; unknown
 * directives are ignored, as the RFC asks.
 */
record CacheControl(long maxAge, long sMaxAge, long staleWhileRevalidate, long staleIfError, boolean noStore,
                    boolean noCache, boolean privateOnly) {

  static final CacheControl NONE = new CacheControl(-1, -1, -1, -1, false, false, false);

  static CacheControl parse(String header) {
    if (header == null || header.isBlank()) {
      return NONE;
    }
    long maxAge = -1;
    long sMaxAge = -1;
    long swr = -1;
    long sie = -1;
    boolean noStore = false;
    boolean noCache = false;
    boolean privateOnly = false;
    for (String part : header.split(",")) {
      String directive = part.trim();
      int eq = directive.indexOf('=');
      String name = (eq < 0 ? directive : directive.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
      String value = eq < 0 ? null : directive.substring(eq + 1).trim();
      switch (name) {
        case "max-age" -> maxAge = seconds(value);
        case "s-maxage" -> sMaxAge = seconds(value);
        case "stale-while-revalidate" -> swr = seconds(value);
        case "stale-if-error" -> sie = seconds(value);
        case "no-store" -> noStore = true;
        // no-cache with field names restricts those fields only; the gateway keeps the answer whole, so it revalidates
        case "no-cache" -> noCache = true;
        case "private" -> privateOnly = true;
        default -> {
        }
      }
    }
    return new CacheControl(maxAge, sMaxAge, swr, sie, noStore, noCache, privateOnly);
  }

  /** Whether the answer says anything about its own freshness. */
  boolean saysFreshness() {
    return maxAge >= 0 || sMaxAge >= 0 || noCache;
  }

  /** A delta-seconds value; a malformed one counts as 0 (stale at once), as RFC 9111 §1.2.2 advises. */
  private static long seconds(String value) {
    if (value == null) {
      return 0;
    }
    String digits = value.startsWith("\"") && value.endsWith("\"") && value.length() > 1
        ? value.substring(1, value.length() - 1) : value;
    try {
      return Math.max(0, Long.parseLong(digits));
    } catch (NumberFormatException e) {
      return digits.chars().allMatch(Character::isDigit) && !digits.isEmpty() ? Integer.MAX_VALUE : 0;
    }
  }
}

package dev.sheaf.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which web pages may call the gateway from a browser (CORS). A browser sends the page's origin
 * with each cross-origin request; only the origins listed here get answers the page may read, and
 * their preflight requests are answered before authentication.
 *
 * @param allowOrigins     exact origins such as {@code https://shop.example.com}, or the single entry
 *                         {@code *} for any page
 * @param allowCredentials whether pages may send cookies along; never together with {@code *}
 * @param maxAge           how long a browser may reuse a preflight answer
 */
public record CorsConfig(List<String> allowOrigins, boolean allowCredentials, Duration maxAge) {

  public static final String ANY = "*";
  public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(10);

  public CorsConfig {
    allowOrigins = List.copyOf(allowOrigins);
  }

  public boolean anyOrigin() {
    return allowOrigins.equals(List.of(ANY));
  }

  /**
   * Checks every origin now: an entry a browser never sends (a path, a trailing slash) would
   * otherwise fail silently, page by page, in production.
   *
   * @param where names the file and key, or the flag and variable, for the error message
   */
  public static CorsConfig of(List<String> origins, boolean allowCredentials, Duration maxAge, String where) {
    if (origins == null || origins.isEmpty()) {
      throw new ConfigException(where
          + ": list at least one origin, e.g. [https://shop.example.com], or [\"*\"] for any page");
    }
    List<String> normalized = new ArrayList<>();
    for (String origin : origins) {
      normalized.add(origin(origin == null ? "" : origin.trim(), origins.size(), where));
    }
    if (normalized.contains(ANY) && allowCredentials) {
      throw new ConfigException(where + ": \"*\" cannot be combined with allowCredentials: true (browsers refuse it); "
          + "list the origins that may send cookies");
    }
    if (maxAge.isNegative() || maxAge.compareTo(Duration.ofDays(1)) > 0) {
      throw new ConfigException(where + ": maxAge must be between 0 and 24h (browsers cap it lower still), got "
          + Durations.format(maxAge));
    }
    return new CorsConfig(normalized, allowCredentials, maxAge);
  }

  private static String origin(String text, int count, String where) {
    if (ANY.equals(text)) {
      if (count > 1) {
        throw new ConfigException(where + ": \"*\" already allows every origin; remove the other entries or the \"*\"");
      }
      return ANY;
    }
    String fix = "; write scheme://host[:port] with no path and no trailing slash, e.g. https://shop.example.com";
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw new ConfigException(where + ": '" + text + "' is not an origin" + fix);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    boolean bare = uri.getRawPath() == null || uri.getRawPath().isEmpty();
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || !bare
        || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
      throw new ConfigException(where + ": '" + text + "' is not an origin" + fix);
    }
    // Browsers send scheme and host in lower case.
    return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
  }
}

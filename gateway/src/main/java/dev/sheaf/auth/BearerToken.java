package dev.sheaf.auth;

import java.util.Locale;

/** Finds the token a request carries: the {@code Authorization: Bearer} header first, then a cookie. */
public final class BearerToken {

  private static final String SCHEME = "bearer";

  private BearerToken() {
  }

  /**
   * @param authorizationHeader the {@code Authorization} header, or null
   * @param cookieHeader        the {@code Cookie} header, or null
   * @param cookieName          the cookie that may hold the token, or null when tokens come only in the header
   * @return the token; null when the request carries none (anonymous). A {@code Bearer} header with
   *         empty credentials gives "" rather than null, so that the request is refused as malformed
   *         instead of being served anonymously.
   */
  public static String from(String authorizationHeader, String cookieHeader, String cookieName) {
    String fromHeader = fromAuthorization(authorizationHeader);
    if (fromHeader != null) {
      return fromHeader;
    }
    return cookieName == null ? null : fromCookies(cookieHeader, cookieName);
  }

  private static String fromAuthorization(String header) {
    if (header == null) {
      return null;
    }
    String value = header.strip();
    if (value.length() < SCHEME.length()
        || !value.substring(0, SCHEME.length()).toLowerCase(Locale.ROOT).equals(SCHEME)) {
      return null;
    }
    String rest = value.substring(SCHEME.length());
    if (!rest.isEmpty() && !Character.isWhitespace(rest.charAt(0))) {
      return null;  // another scheme that starts with "bearer", e.g. "BearerX"
    }
    return rest.strip();
  }

  private static String fromCookies(String cookieHeader, String cookieName) {
    if (cookieHeader == null) {
      return null;
    }
    for (String pair : cookieHeader.split(";")) {
      int eq = pair.indexOf('=');
      if (eq < 0 || !pair.substring(0, eq).strip().equals(cookieName)) {
        continue;
      }
      String value = pair.substring(eq + 1).strip();
      if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
        value = value.substring(1, value.length() - 1);
      }
      return value.isEmpty() ? null : value;
    }
    return null;
  }
}

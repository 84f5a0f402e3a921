package dev.sheaf.server;

import java.util.Locale;

/** Content negotiation of the GraphQL-over-HTTP specification. */
final class MediaTypes {

  static final String GRAPHQL_RESPONSE = "application/graphql-response+json";
  static final String JSON = "application/json";
  static final String MULTIPART = "multipart/mixed";
  /** The incremental-delivery format graphql-java writes and Apollo's clients read. */
  static final String DEFER_SPEC = "20220824";

  private MediaTypes() {
  }

  /**
   * Picks the response media type from an Accept header: the spec's own type when the client
   * accepts it, else application/json (also for {@code * / *} and a missing header, as legacy
   * clients expect).
   *
   * @return null when the client accepts neither
   */
  static String negotiate(String accept) {
    if (accept == null || accept.isBlank()) {
      return JSON;
    }
    String best = null;
    double bestQ = 0;
    for (String range : accept.split(",")) {
      String[] parts = range.trim().split(";");
      String type = parts[0].trim().toLowerCase(Locale.ROOT);
      double q = quality(parts);
      String candidate = switch (type) {
        case GRAPHQL_RESPONSE -> GRAPHQL_RESPONSE;
        case JSON, "application/*", "*/*" -> JSON;
        default -> null;
      };
      if (candidate != null && q > 0 && (q > bestQ || (q == bestQ && GRAPHQL_RESPONSE.equals(candidate)))) {
        best = candidate;
        bestQ = q;
      }
    }
    return best;
  }

  private static double quality(String[] parts) {
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].trim();
      if (p.startsWith("q=")) {
        try {
          return Double.parseDouble(p.substring(2));
        } catch (NumberFormatException e) {
          return 0;
        }
      }
    }
    return 1;
  }

  /**
   * Whether the client reads incremental delivery: {@code multipart/mixed} with {@code deferSpec=20220824}
   * (what Apollo's clients send) or with no deferSpec, at a quality above 0. Another deferSpec is a
   * format this gateway does not write.
   */
  static boolean acceptsIncremental(String accept) {
    if (accept == null) {
      return false;
    }
    for (String range : accept.split(",")) {
      String[] parts = range.trim().split(";");
      if (!MULTIPART.equals(parts[0].trim().toLowerCase(Locale.ROOT)) || quality(parts) <= 0) {
        continue;
      }
      String spec = parameter(parts, "deferspec");
      if (spec == null || spec.equals(DEFER_SPEC)) {
        return true;
      }
    }
    return false;
  }

  private static String parameter(String[] parts, String name) {
    for (int i = 1; i < parts.length; i++) {
      String[] pair = parts[i].trim().split("=", 2);
      if (pair.length == 2 && pair[0].trim().toLowerCase(Locale.ROOT).equals(name)) {
        return pair[1].trim().replace("\"", "");
      }
    }
    return null;
  }

  /** True for {@code application/json}, with an optional utf-8 charset. */
  static boolean isJsonRequest(String contentType) {
    if (contentType == null) {
      return false;
    }
    String[] parts = contentType.split(";");
    if (!JSON.equals(parts[0].trim().toLowerCase(Locale.ROOT))) {
      return false;
    }
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].trim().toLowerCase(Locale.ROOT);
      if (p.startsWith("charset=") && !p.equals("charset=utf-8") && !p.equals("charset=\"utf-8\"")) {
        return false;
      }
    }
    return true;
  }
}

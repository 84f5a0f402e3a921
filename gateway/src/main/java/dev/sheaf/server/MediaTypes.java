package dev.sheaf.server;

import java.util.Locale;

/** Content negotiation of the GraphQL-over-HTTP specification. */
final class MediaTypes {

  static final String GRAPHQL_RESPONSE = "application/graphql-response+json";
  static final String JSON = "application/json";

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

package dev.sheaf.config;

import java.util.List;
import java.util.Locale;

/**
 * CSRF prevention as Apollo Router and GraphQL Yoga do it: a request to {@code /graphql} that a
 * browser could send without a CORS preflight (a {@code GET}, or a {@code POST} with a simple
 * content type, and none of the {@code requiredHeaders}) is refused, so a page on another site cannot
 * make a signed-in user's browser run an operation.
 *
 * @param enabled         on by default
 * @param requiredHeaders any one of them marks a request as not a simple one (lower case)
 */
public record CsrfConfig(boolean enabled, List<String> requiredHeaders) {

  public static final List<String> DEFAULT_REQUIRED_HEADERS = List.of("x-apollo-operation-name",
      "apollo-require-preflight");

  public CsrfConfig {
    requiredHeaders = requiredHeaders.stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
    if (enabled && requiredHeaders.isEmpty()) {
      throw new ConfigException("csrf.requiredHeaders: must name at least one header while csrf.enabled is true, e.g. "
          + String.join(", ", DEFAULT_REQUIRED_HEADERS));
    }
  }

  public static CsrfConfig defaults() {
    return new CsrfConfig(true, DEFAULT_REQUIRED_HEADERS);
  }
}

package dev.sheaf.auth;

import java.util.Map;
import java.util.Set;

/**
 * A token whose signature and claims were checked.
 *
 * @param issuer  the {@code iss} claim, one of the configured issuers
 * @param subject the {@code sub} claim, or null when the token has none (require it with
 *                {@code requiredClaims: [sub]})
 * @param claims  every claim as plain JSON-shaped Java values (String, Long, Double, Boolean, List,
 *                Map, null); times as epoch seconds; unmodifiable
 * @param scopes  the union of the configured scope claims; unmodifiable
 */
public record VerifiedToken(String issuer, String subject, Map<String, Object> claims, Set<String> scopes) {

  public VerifiedToken {
    claims = JsonValues.unmodifiable(claims);
    scopes = Set.copyOf(scopes);
  }

  public boolean hasScope(String scope) {
    return scopes.contains(scope);
  }
}

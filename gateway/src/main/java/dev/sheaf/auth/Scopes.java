package dev.sheaf.auth;

import com.nimbusds.jwt.JWTClaimsSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the scopes of a token from the configured claims and unites them: a space-separated
 * string ({@code scope}, RFC 8693) or a list of strings ({@code scp}, as some IdPs write it).
 */
final class Scopes {

  private final List<String> claimNames;

  Scopes(List<String> claimNames) {
    this.claimNames = List.copyOf(claimNames);
  }

  Set<String> of(JWTClaimsSet claims) {
    Set<String> scopes = new LinkedHashSet<>();
    for (String name : claimNames) {
      Object value = claims.getClaim(name);
      if (value instanceof String text) {
        for (String scope : text.trim().split("\\s+")) {
          if (!scope.isEmpty()) {
            scopes.add(scope);
          }
        }
      } else if (value instanceof List<?> list) {
        list.stream().filter(String.class::isInstance).map(String.class::cast)
            .filter(s -> !s.isBlank()).forEach(scopes::add);
      }
    }
    return scopes;
  }
}

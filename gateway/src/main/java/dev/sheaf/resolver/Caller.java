package dev.sheaf.resolver;

import java.util.Map;
import java.util.Set;

/**
 * Who sent the request: anonymous, or the subject of a validated token with its claims and scopes.
 */
public record Caller(boolean authenticated, Map<String, Object> claims, Set<String> scopes) {

  public static final Caller ANONYMOUS = new Caller(false, Map.of(), Set.of());

  public Caller {
    claims = Map.copyOf(claims);
    scopes = Set.copyOf(scopes);
  }
}

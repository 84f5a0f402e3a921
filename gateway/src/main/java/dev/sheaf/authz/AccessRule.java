package dev.sheaf.authz;

import dev.sheaf.resolver.Caller;
import java.util.List;
import java.util.Set;

/**
 * What a field demands of the caller, from {@code @authenticated} and {@code @requiresScopes} on
 * the field and on its type: a token, and (when scopes are given) all scopes of at least one of
 * the alternatives — an OR of ANDs, as in the Apollo directives.
 *
 * @param anyOf empty when no scopes are required
 */
record AccessRule(boolean authenticated, List<Set<String>> anyOf) {

  /** Both rules must hold: the stricter authentication, and each rule's scope alternatives. */
  AccessRule and(AccessRule other) {
    if (anyOf.isEmpty() || other.anyOf.isEmpty()) {
      return new AccessRule(authenticated || other.authenticated, anyOf.isEmpty() ? other.anyOf : anyOf);
    }
    List<Set<String>> combined = anyOf.stream().flatMap(mine -> other.anyOf.stream().map(theirs -> {
      java.util.Set<String> both = new java.util.HashSet<>(mine);
      both.addAll(theirs);
      return Set.copyOf(both);
    })).toList();
    return new AccessRule(true, combined);
  }

  /** @return null when the caller may see the field, else the error code to report */
  String deny(Caller caller) {
    if ((authenticated || !anyOf.isEmpty()) && !caller.authenticated()) {
      return "UNAUTHENTICATED";
    }
    if (anyOf.isEmpty() || anyOf.stream().anyMatch(caller.scopes()::containsAll)) {
      return null;
    }
    return "FORBIDDEN";
  }
}

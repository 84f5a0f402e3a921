package dev.sheaf.authz;

import dev.sheaf.resolver.RequestScope;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;

/**
 * Checks a field's access rule before its fetcher runs: a denied field is null with an
 * UNAUTHENTICATED or FORBIDDEN error at its path, its siblings still resolve, and its backend is
 * never called.
 */
final class AuthorizedFetcher implements DataFetcher<Object> {

  private final AccessRule rule;
  private final DataFetcher<?> delegate;

  AuthorizedFetcher(AccessRule rule, DataFetcher<?> delegate) {
    this.rule = rule;
    this.delegate = delegate;
  }

  @Override
  public Object get(DataFetchingEnvironment env) throws Exception {
    String denied = rule.deny(RequestScope.of(env).caller());
    if (denied != null) {
      throw new AccessDeniedException(denied);
    }
    return delegate.get(env);
  }
}

package dev.sheaf.auth;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The keys the gateway holds for one issuer, as a Nimbus {@link JWKSource}. It only reads memory:
 * fetching happens elsewhere, asynchronously (Nimbus's own remote sources block on I/O).
 *
 * <p>A key without a {@code kid} (typical of a PEM file) matches a token whatever its {@code kid}.
 */
final class CachedKeySource implements JWKSource<SecurityContext> {

  private final Supplier<JWKSet> keys;

  CachedKeySource(Supplier<JWKSet> keys) {
    this.keys = keys;
  }

  @Override
  public List<JWK> get(JWKSelector selector, SecurityContext context) {
    JWKSet set = keys.get();
    if (set == null) {
      return List.of();
    }
    List<JWK> found = selector.select(set);
    JWKMatcher matcher = selector.getMatcher();
    if (!found.isEmpty() || matcher.getKeyIDs() == null) {
      return found;
    }
    JWKMatcher anyKid = new JWKMatcher.Builder(matcher).keyIDs((Set<String>) null).build();
    return set.getKeys().stream().filter(key -> key.getKeyID() == null && anyKid.matches(key)).toList();
  }
}

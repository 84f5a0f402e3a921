package dev.sheaf.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import java.security.Key;
import java.util.List;
import java.util.Set;

/**
 * Nimbus's key selector (only the issuer's allowed algorithms, keys matched to the header), which
 * also hands out Ed25519 keys, as {@link OctetPublicKey}s.
 */
final class IssuerKeySelector extends JWSVerificationKeySelector<SecurityContext> {

  IssuerKeySelector(Set<JWSAlgorithm> algorithms, JWKSource<SecurityContext> keys) {
    super(algorithms, keys);
  }

  @Override
  public List<Key> selectJWSKeys(JWSHeader header, SecurityContext context) throws KeySourceException {
    if (!JWSAlgorithm.Family.ED.contains(header.getAlgorithm())) {
      return super.selectJWSKeys(header, context);
    }
    JWKMatcher matcher = createJWKMatcher(header);  // null when the algorithm is not allowed
    if (matcher == null) {
      return List.of();
    }
    return getJWKSource().get(new JWKSelector(matcher), context).stream()
        .filter(OctetKeyPair.class::isInstance)
        .map(jwk -> (Key) new OctetPublicKey(((OctetKeyPair) jwk).toPublicJWK()))
        .toList();
  }
}

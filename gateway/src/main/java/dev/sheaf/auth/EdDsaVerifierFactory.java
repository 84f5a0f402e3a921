package dev.sheaf.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.proc.JWSVerifierFactory;
import java.security.Key;
import java.util.HashSet;
import java.util.Set;

/** Nimbus's default verifiers (HMAC, RSA, EC), plus Ed25519 (through Tink) for {@link OctetPublicKey}s. */
final class EdDsaVerifierFactory implements JWSVerifierFactory {

  private final DefaultJWSVerifierFactory standard = new DefaultJWSVerifierFactory();

  @Override
  public JWSVerifier createJWSVerifier(JWSHeader header, Key key) throws JOSEException {
    if (key instanceof OctetPublicKey okp) {
      if (!Ed25519Verifier.SUPPORTED_ALGORITHMS.contains(header.getAlgorithm())) {
        throw new JOSEException("an Ed25519 key cannot verify " + header.getAlgorithm());
      }
      return new Ed25519Verifier(okp.jwk());
    }
    return standard.createJWSVerifier(header, key);
  }

  @Override
  public Set<JWSAlgorithm> supportedJWSAlgorithms() {
    Set<JWSAlgorithm> all = new HashSet<>(standard.supportedJWSAlgorithms());
    all.addAll(Ed25519Verifier.SUPPORTED_ALGORITHMS);
    return all;
  }

  @Override
  public JCAContext getJCAContext() {
    return standard.getJCAContext();
  }
}

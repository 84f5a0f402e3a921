package dev.sheaf.auth;

import com.nimbusds.jose.jwk.OctetKeyPair;
import java.security.PublicKey;

/**
 * An Ed25519 public key in the shape of a {@link java.security.Key}. Nimbus's key selector hands
 * keys to the verifier factory as Java keys, and has no conversion for OKP keys; this carries the
 * JWK through to {@link EdDsaVerifierFactory}.
 */
record OctetPublicKey(OctetKeyPair jwk) implements PublicKey {

  @Override
  public String getAlgorithm() {
    return "Ed25519";
  }

  @Override
  public String getFormat() {
    return null;
  }

  @Override
  public byte[] getEncoded() {
    return null;
  }
}

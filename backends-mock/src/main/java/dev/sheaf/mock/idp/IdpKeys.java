package dev.sheaf.mock.idp;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.util.ArrayList;
import java.util.List;

/**
 * The mock IdP's key pairs, immutable: rotating makes a new instance. One current RSA key (kids
 * {@code rsa-1}, {@code rsa-2}, … in order of rotation) plus the RSA keys it replaced, one P-256 key
 * ({@code ec-1}) and one Ed25519 key ({@code ed-1}).
 */
record IdpKeys(RSAKey current, List<RSAKey> previous, ECKey ec, OctetKeyPair ed, int generation) {

  IdpKeys {
    previous = List.copyOf(previous);
  }

  /** Generating an RSA key takes a while: call it off the event loop. */
  static IdpKeys generate() {
    try {
      return new IdpKeys(rsa(1), List.of(),
          new ECKeyGenerator(Curve.P_256).keyID("ec-1").algorithm(JWSAlgorithm.ES256).generate(),
          new OctetKeyPairGenerator(Curve.Ed25519).keyID("ed-1").algorithm(JWSAlgorithm.EdDSA).generate(), 1);
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot generate the mock IdP's keys", e);
    }
  }

  IdpKeys rotated() {
    List<RSAKey> older = new ArrayList<>();
    older.add(current);
    older.addAll(previous);
    return new IdpKeys(rsa(generation + 1), older, ec, ed, generation + 1);
  }

  IdpKeys withoutOldKeys() {
    return new IdpKeys(current, List.of(), ec, ed, generation);
  }

  /** What the JWKS endpoint publishes: the public halves only. */
  JWKSet published() {
    List<JWK> keys = new ArrayList<>();
    keys.add(current);
    keys.addAll(previous);
    keys.add(ec);
    keys.add(ed);
    return new JWKSet(keys).toPublicJWKSet();
  }

  JWK signingKey(JWSAlgorithm alg) {
    if (JWSAlgorithm.Family.RSA.contains(alg)) {
      return current;
    }
    if (JWSAlgorithm.ES256.equals(alg)) {
      return ec;
    }
    if (JWSAlgorithm.EdDSA.equals(alg) || JWSAlgorithm.Ed25519.equals(alg)) {
      return ed;
    }
    throw new IllegalArgumentException("the mock IdP signs with RS*, PS*, ES256 and EdDSA, not " + alg);
  }

  JWSSigner signer(JWSAlgorithm alg) throws JOSEException {
    JWK key = signingKey(alg);
    if (key instanceof RSAKey rsa) {
      return new RSASSASigner(rsa);
    }
    if (key instanceof ECKey ecKey) {
      return new ECDSASigner(ecKey);
    }
    return new Ed25519Signer((OctetKeyPair) key);
  }

  private static RSAKey rsa(int generation) {
    try {
      return new RSAKeyGenerator(2048).keyID("rsa-" + generation).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot generate an RSA key", e);
    }
  }
}

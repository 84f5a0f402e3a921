package dev.sheaf.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jose.util.X509CertUtils;
import dev.sheaf.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the public keys of an issuer from files: a JWK, a JWK set, or PEM ({@code PUBLIC KEY} or
 * {@code CERTIFICATE} blocks). Private and symmetric keys are refused: the gateway only verifies.
 */
final class KeyFiles {

  private static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
  private static final int ED25519_X509_PREFIX = 12;  // the SubjectPublicKeyInfo header before the raw 32-byte key

  private KeyFiles() {
  }

  static List<JWK> read(Path file, String where) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new ConfigException(where + ": cannot read key file " + file + " (" + e.getClass().getSimpleName()
          + "); check the path (relative paths start at the config file's folder) and its permissions", e);
    }
    List<JWK> keys;
    try {
      String trimmed = text.strip();
      if (trimmed.startsWith("{")) {
        keys = json(trimmed);
      } else if (trimmed.startsWith("-----BEGIN")) {
        keys = pem(trimmed, file, where);
      } else {
        throw new ConfigException(where + ": " + file + " holds neither a JWK or JWK set (JSON) nor a PEM public key");
      }
    } catch (ParseException | JOSEException | GeneralSecurityException | IllegalArgumentException e) {
      throw new ConfigException(where + ": " + file + " is not a readable key (" + e.getMessage() + ")", e);
    }
    if (keys.isEmpty()) {
      throw new ConfigException(where + ": " + file + " holds no keys");
    }
    for (JWK key : keys) {
      if (key instanceof OctetSequenceKey) {
        throw new ConfigException(where + ": " + file + " holds a symmetric key; give a shared secret as the "
            + "issuer's hmacSecret instead");
      }
      if (key.isPrivate()) {
        throw new ConfigException(where + ": " + file + " holds a private key; give the gateway only the public "
            + "key (e.g. openssl pkey -in key.pem -pubout)");
      }
    }
    return keys;
  }

  private static List<JWK> json(String text) throws ParseException {
    Map<String, Object> json = JSONObjectUtils.parse(text);
    return json.containsKey("keys") ? JWKSet.parse(json).getKeys() : List.of(JWK.parse(json));
  }

  private static List<JWK> pem(String text, Path file, String where) throws JOSEException, GeneralSecurityException {
    List<JWK> keys = new ArrayList<>();
    Matcher m = PEM.matcher(text);
    while (m.find()) {
      String type = m.group(1);
      byte[] der = Base64.getMimeDecoder().decode(m.group(2).strip());
      switch (type) {
        case "PUBLIC KEY" -> keys.add(publicKey(der));
        case "CERTIFICATE" -> keys.add(JWK.parse(X509CertUtils.parseWithException(der)));
        case "RSA PUBLIC KEY" -> throw new ConfigException(where + ": " + file + " holds a PKCS#1 RSA key; convert "
            + "it with: openssl rsa -RSAPublicKey_in -in " + file.getFileName() + " -pubout");
        default -> throw new ConfigException(where + ": " + file + " holds a '" + type + "' block; give the "
            + "gateway only the public key (e.g. openssl pkey -in key.pem -pubout) or the certificate");
      }
    }
    return keys;
  }

  private static JWK publicKey(byte[] der) throws GeneralSecurityException {
    PublicKey key = null;
    for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
      try {
        key = KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
        break;
      } catch (InvalidKeySpecException e) {
        // not this kind of key; try the next
      }
    }
    if (key instanceof RSAPublicKey rsa) {
      return new RSAKey.Builder(rsa).build();
    }
    if (key instanceof ECPublicKey ec) {
      Curve curve = Curve.forECParameterSpec(ec.getParams());
      if (curve == null) {
        throw new InvalidKeySpecException("an EC key on an unsupported curve; use P-256, P-384 or P-521");
      }
      return new ECKey.Builder(curve, ec).build();
    }
    if (key instanceof EdECPublicKey) {
      byte[] encoded = key.getEncoded();
      byte[] x = Arrays.copyOfRange(encoded, ED25519_X509_PREFIX, encoded.length);
      return new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(x)).build();
    }
    throw new InvalidKeySpecException("not an RSA, EC or Ed25519 public key");
  }
}

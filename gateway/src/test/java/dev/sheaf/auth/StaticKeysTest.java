package dev.sheaf.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.sheaf.mock.idp.MockIdentityProvider;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import static dev.sheaf.auth.AuthTests.await;
import static dev.sheaf.auth.AuthTests.claims;
import static dev.sheaf.auth.AuthTests.forge;
import static dev.sheaf.auth.AuthTests.refusal;
import static org.assertj.core.api.Assertions.assertThat;

/** Issuers whose keys are given in files or as a shared secret: no JWKS, ready at once. */
@ExtendWith(VertxExtension.class)
class StaticKeysTest {

  private static final String ISSUER = "https://static.example.com";

  @TempDir
  Path dir;

  private TokenValidator validator(Vertx vertx, String issuer, List<String> keyFiles, String secret) throws Exception {
    AuthSpec.IssuerSpec spec = new AuthSpec.IssuerSpec(issuer, null, keyFiles, secret, null, List.of("sheaf"), null);
    TokenValidator validator = TokenValidator.create(vertx, AuthConfig.from(AuthTests.spec(null, null, spec),
        dir.resolve("sheaf.yaml")));
    await(validator.start());
    return validator;
  }

  private static JWTClaimsSet claimsOf(String issuer) {
    return new JWTClaimsSet.Builder().issuer(issuer).audience("sheaf").subject("s")
        .expirationTime(Date.from(Instant.now().plusSeconds(600))).build();
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(der) + "\n-----END " + type + "-----\n";
  }

  @Test
  void pemPublicKeyWithoutKidVerifiesTokensWhateverTheirKid(Vertx vertx) throws Exception {
    MockIdentityProvider idp = await(MockIdentityProvider.start(vertx, "127.0.0.1", 0));
    Files.writeString(dir.resolve("idp.pem"), pem("PUBLIC KEY", idp.currentKey().toRSAPublicKey().getEncoded()));
    TokenValidator validator = validator(vertx, idp.issuer(), List.of("idp.pem"), null);

    assertThat(validator.ready()).isTrue();
    assertThat(await(validator.validate(idp.mint(claims("sub", "pem")))).subject()).isEqualTo("pem");
    assertThat(refusal(validator.validate(idp.mintWith(JWSAlgorithm.ES256, claims())))).isEqualTo("unknown signing key");
    idp.rotate();
    assertThat(refusal(validator.validate(idp.mint(claims())))).isEqualTo("invalid signature");
    assertThat(idp.jwksFetches()).as("static keys are never fetched").isZero();
    validator.close();
  }

  @Test
  void jwkSetAndEcAndEd25519PemFilesAreRead(Vertx vertx) throws Exception {
    ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("ec-static").generate();
    OctetKeyPair ed = new OctetKeyPairGenerator(Curve.Ed25519).generate();
    ECKey ecNoKid = new ECKeyGenerator(Curve.P_384).generate();
    Files.writeString(dir.resolve("keys.json"), new JWKSet(ec.toPublicJWK()).toString(true));
    Files.writeString(dir.resolve("ed.pem"), pem("PUBLIC KEY", ed25519SubjectPublicKeyInfo(ed)));
    Files.writeString(dir.resolve("ec384.pem"), pem("PUBLIC KEY", ecNoKid.toECPublicKey().getEncoded()));
    AuthSpec.IssuerSpec spec = new AuthSpec.IssuerSpec(ISSUER, null, List.of("keys.json", "ed.pem", "ec384.pem"), null,
        List.of("ES256", "ES384", "EdDSA"), List.of("sheaf"), null);
    TokenValidator validator = TokenValidator.create(vertx, AuthConfig.from(AuthTests.spec(null, null, spec),
        dir.resolve("sheaf.yaml")));

    String es256 = forge(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("ec-static").build(), claimsOf(ISSUER), new ECDSASigner(ec));
    String es384 = forge(new JWSHeader.Builder(JWSAlgorithm.ES384).keyID("whatever").build(), claimsOf(ISSUER), new ECDSASigner(ecNoKid));
    String eddsa = forge(new JWSHeader.Builder(JWSAlgorithm.EdDSA).build(), claimsOf(ISSUER), new Ed25519Signer(ed));
    String wrongEd = forge(new JWSHeader.Builder(JWSAlgorithm.EdDSA).build(), claimsOf(ISSUER),
        new Ed25519Signer(new OctetKeyPairGenerator(Curve.Ed25519).generate()));

    assertThat(await(validator.validate(es256)).issuer()).isEqualTo(ISSUER);
    assertThat(await(validator.validate(es384)).issuer()).isEqualTo(ISSUER);
    assertThat(await(validator.validate(eddsa)).issuer()).isEqualTo(ISSUER);
    assertThat(refusal(validator.validate(wrongEd))).isEqualTo("invalid signature");
    validator.close();
  }

  /** Java 17 encodes Ed25519 public keys as this fixed 12-byte header followed by the raw key. */
  private static byte[] ed25519SubjectPublicKeyInfo(OctetKeyPair key) {
    ByteArrayOutputStream der = new ByteArrayOutputStream();
    der.writeBytes(HexFormat.of().parseHex("302a300506032b6570032100"));
    der.writeBytes(key.getDecodedX());
    return der.toByteArray();
  }

  @Test
  void hmacIssuerAcceptsItsSecretOnly(Vertx vertx) throws Exception {
    String secret = "0123456789abcdef0123456789abcdef-shared";
    TokenValidator validator = validator(vertx, ISSUER, null, secret);
    JWSHeader hs256 = new JWSHeader.Builder(JWSAlgorithm.HS256).build();

    assertThat(await(validator.validate(forge(hs256, claimsOf(ISSUER), new MACSigner(secret)))).subject()).isEqualTo("s");
    assertThat(refusal(validator.validate(forge(hs256, claimsOf(ISSUER), new MACSigner(secret + "-other")))))
        .isEqualTo("invalid signature");
    assertThat(refusal(validator.validate(forge(new JWSHeader.Builder(JWSAlgorithm.HS512).build(), claimsOf(ISSUER),
        new MACSigner(secret.repeat(2)))))).isEqualTo("algorithm not allowed");
    validator.close();
  }
}

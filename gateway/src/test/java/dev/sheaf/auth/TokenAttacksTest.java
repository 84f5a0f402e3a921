package dev.sheaf.auth;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSAEncrypter;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jwt.EncryptedJWT;
import dev.sheaf.mock.idp.MockIdentityProvider;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static dev.sheaf.auth.AuthTests.await;
import static dev.sheaf.auth.AuthTests.b64;
import static dev.sheaf.auth.AuthTests.claims;
import static dev.sheaf.auth.AuthTests.config;
import static dev.sheaf.auth.AuthTests.forge;
import static dev.sheaf.auth.AuthTests.jwksIssuer;
import static dev.sheaf.auth.AuthTests.refusal;
import static dev.sheaf.auth.AuthTests.validClaims;
import static org.assertj.core.api.Assertions.assertThat;

/** Forged, tampered and odd tokens: each refused, with a safe reason, before or by the signature check. */
@ExtendWith(VertxExtension.class)
class TokenAttacksTest {

  private Vertx vertx;
  private MockIdentityProvider idp;
  private TokenValidator validator;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    this.vertx = vertx;
    idp = await(MockIdentityProvider.start(vertx, "127.0.0.1", 0));
    validator = TokenValidator.create(vertx, config(jwksIssuer(idp)));
    await(validator.start());
  }

  @AfterEach
  void stop() {
    validator.close();
  }

  @Test
  void unsignedTokensAreRefused() throws Exception {
    String payload = validClaims(idp).toPayload().toBase64URL().toString();
    assertThat(refusal(validator.validate(b64("{\"alg\":\"none\"}") + "." + payload + "."))).isEqualTo("algorithm not allowed");
    assertThat(refusal(validator.validate(b64("{\"alg\":\"None\",\"kid\":\"rsa-1\"}") + "." + payload + ".")))
        .isEqualTo("algorithm not allowed");
  }

  @Test
  void hs256SignedWithTheIssuersPublicKeyIsRefused() throws Exception {
    // Algorithm confusion: a verifier that let the token pick HMAC would check it with the public key as secret.
    RSAKey publicKey = idp.currentKey().toPublicJWK();
    JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(publicKey.getKeyID()).build();
    byte[] der = publicKey.toRSAPublicKey().getEncoded();
    byte[] jwkJson = publicKey.toJSONString().getBytes(StandardCharsets.UTF_8);

    assertThat(refusal(validator.validate(forge(header, validClaims(idp), new MACSigner(der))))).isEqualTo("algorithm not allowed");
    assertThat(refusal(validator.validate(forge(header, validClaims(idp), new MACSigner(jwkJson))))).isEqualTo("algorithm not allowed");
  }

  @Test
  void tamperedPayloadIsRefused() throws Exception {
    String[] good = idp.mint(claims("sub", "alice")).split("\\.");
    String admin = idp.mint(claims("sub", "admin")).split("\\.")[1];
    assertThat(refusal(validator.validate(good[0] + "." + admin + "." + good[2]))).isEqualTo("invalid signature");
  }

  @Test
  void tamperedSignatureIsRefused() throws Exception {
    String[] parts = idp.mint(claims()).split("\\.");
    char[] sig = parts[2].toCharArray();
    sig[10] = sig[10] == 'A' ? 'B' : 'A';
    assertThat(refusal(validator.validate(parts[0] + "." + parts[1] + "." + new String(sig)))).isEqualTo("invalid signature");
    assertThat(refusal(validator.validate(parts[0] + "." + parts[1] + "."))).isEqualTo("malformed token");
  }

  @Test
  void tokenOverTheSizeLimitIsRefusedUnread() throws Exception {
    String big = idp.mint(claims("padding", "x".repeat(9000)));
    assertThat(refusal(validator.validate(big))).isEqualTo("token too large");
    assertThat(refusal(validator.validate("%".repeat(9000)))).isEqualTo("token too large");
  }

  @Test
  void malformedTokensAreRefused() throws Exception {
    String header = b64("{\"alg\":\"RS256\",\"kid\":\"rsa-1\"}");
    String payload = b64("{\"iss\":\"" + idp.issuer() + "\"}");
    List<String> malformed = List.of("", "abc", "a.b", "a.b.c.d", "a.b.c.d.e.f", "a.b.c",
        header + ".%%%." + "sig", "!!." + payload + ".sig", header + "." + payload + ".si=g",
        b64("not json") + "." + payload + ".sig", header + "." + b64("not json") + ".sig",
        header + "." + b64("[1, 2]") + ".sig", header + "." + b64("{\"iss\": 42}") + ".sig",
        header + "." + b64("{\"iss\":\"" + idp.issuer() + "\",\"exp\":\"tomorrow\"}") + ".sig",
        b64("{\"kid\":\"rsa-1\"}") + "." + payload + ".sig");
    for (String token : malformed) {
      assertThat(refusal(validator.validate(token))).as(token).isEqualTo("malformed token");
    }
    assertThat(refusal(validator.validate(null))).isEqualTo("malformed token");
  }

  @Test
  void encryptedTokensAreRefused() throws Exception {
    EncryptedJWT jwe = new EncryptedJWT(new JWEHeader(JWEAlgorithm.RSA_OAEP_256, EncryptionMethod.A256GCM), validClaims(idp));
    jwe.encrypt(new RSAEncrypter(idp.currentKey().toPublicJWK()));
    String payload = validClaims(idp).toPayload().toBase64URL().toString();

    assertThat(refusal(validator.validate(jwe.serialize()))).isEqualTo("unsupported token type");
    assertThat(refusal(validator.validate(b64("{\"alg\":\"RSA-OAEP-256\",\"enc\":\"A256GCM\"}") + "." + payload + ".sig")))
        .isEqualTo("unsupported token type");
  }

  @Test
  void keyUrlAndEmbeddedKeyHeadersAreIgnoredAndNeverFetched() throws Exception {
    AtomicInteger attackerHits = new AtomicInteger();
    HttpServer attacker = await(vertx.createHttpServer()
        .requestHandler(req -> {
          attackerHits.incrementAndGet();
          req.response().end();
        })
        .listen(0, "127.0.0.1"));
    String base = "http://127.0.0.1:" + attacker.actualPort();
    RSAKey evil = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
    int fetchesBefore = idp.jwksFetches();

    for (String kid : new String[] {"rsa-1", "evil", null}) {
      JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid)
          .jwkURL(URI.create(base + "/jwks.json"))
          .x509CertURL(URI.create(base + "/cert.pem"))
          .jwk(evil.toPublicJWK())
          .x509CertChain(List.of(Base64.encode("not a certificate")))
          .build();
      String reason = refusal(validator.validate(forge(header, validClaims(idp), new RSASSASigner(evil))));
      assertThat(reason).as("kid " + kid).isIn("invalid signature", "unknown signing key");
    }

    assertThat(attackerHits.get()).isZero();
    assertThat(idp.jwksFetches() - fetchesBefore).as("only the configured JWKS URL is asked").isLessThanOrEqualTo(1);
    await(attacker.close());
  }

  @Test
  void unknownCriticalHeaderIsRefused() throws Exception {
    JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(idp.currentKey().getKeyID())
        .criticalParams(Set.of("urn:example:bind")).customParam("urn:example:bind", "device-1").build();
    String token = forge(header, validClaims(idp), new RSASSASigner(idp.currentKey()));
    assertThat(refusal(validator.validate(token))).isEqualTo("unsupported critical header");
  }

  @Test
  void onlyAccessTokenTypesAreAccepted() throws Exception {
    RSASSASigner signer = new RSASSASigner(idp.currentKey());
    String kid = idp.currentKey().getKeyID();
    String logout = forge(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).type(new JOSEObjectType("logout+jwt")).build(),
        validClaims(idp), signer);
    String accessToken = forge(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).type(new JOSEObjectType("at+jwt")).build(),
        validClaims(idp), signer);
    String untyped = forge(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).build(), validClaims(idp), signer);

    assertThat(refusal(validator.validate(logout))).isEqualTo("unsupported token type");
    assertThat(await(validator.validate(accessToken)).subject()).isEqualTo("user-42");
    assertThat(await(validator.validate(untyped)).subject()).isEqualTo("user-42");
  }
}

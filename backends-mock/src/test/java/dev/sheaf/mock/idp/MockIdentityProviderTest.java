package dev.sheaf.mock.idp;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** The mock IdP over real HTTP on a random port. */
@ExtendWith(VertxExtension.class)
class MockIdentityProviderTest {

  private MockIdentityProvider idp;
  private WebClient http;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    idp = await(MockIdentityProvider.start(vertx, "127.0.0.1", 0));
    http = WebClient.create(vertx);
  }

  @AfterEach
  void stop() throws Exception {
    http.close();
    await(idp.close());
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private HttpResponse<Buffer> get(String path) throws Exception {
    return await(http.get(idp.port(), "127.0.0.1", path).send());
  }

  private JWKSet jwks() throws Exception {
    HttpResponse<Buffer> response = get("/.well-known/jwks.json");
    assertThat(response.statusCode()).isEqualTo(200);
    return JWKSet.parse(response.bodyAsString());
  }

  @Test
  void publishesPublicKeysOnlyAndCountsFetches() throws Exception {
    assertThat(idp.issuer()).isEqualTo("http://127.0.0.1:" + idp.port());
    assertThat(idp.jwksUrl()).isEqualTo(idp.issuer() + "/.well-known/jwks.json");

    JWKSet keys = jwks();

    assertThat(keys.getKeys()).extracting(JWK::getKeyID).containsExactlyInAnyOrder("rsa-1", "ec-1", "ed-1");
    assertThat(keys.getKeys()).noneMatch(JWK::isPrivate);
    assertThat(idp.jwksFetches()).isEqualTo(1);
  }

  @Test
  void discoveryNamesIssuerAndJwks() throws Exception {
    JsonObject discovery = get("/.well-known/openid-configuration").bodyAsJsonObject();
    assertThat(discovery.getString("issuer")).isEqualTo(idp.issuer());
    assertThat(discovery.getString("jwks_uri")).isEqualTo(idp.jwksUrl());
  }

  @Test
  void mintsSignedTokensWithDefaultsAndOverrides() throws Exception {
    Map<String, Object> claims = new HashMap<>();
    claims.put("sub", "alice");
    claims.put("exp", null);
    SignedJWT jwt = SignedJWT.parse(idp.mint(claims));

    assertThat(jwt.getHeader().getKeyID()).isEqualTo("rsa-1");
    assertThat(jwt.verify(new RSASSAVerifier(idp.currentKey().toPublicJWK()))).isTrue();
    assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo(idp.issuer());
    assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly("sheaf");
    assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("alice");
    assertThat(jwt.getJWTClaimsSet().getIssueTime()).isNotNull();
    assertThat(jwt.getJWTClaimsSet().getExpirationTime()).isNull();

    SignedJWT ec = SignedJWT.parse(idp.mintWith(JWSAlgorithm.ES256, Map.of()));
    assertThat(ec.getHeader().getKeyID()).isEqualTo("ec-1");
    assertThat(ec.verify(new ECDSAVerifier((ECKey) jwks().getKeyByKeyId("ec-1")))).isTrue();
    assertThat(ec.getJWTClaimsSet().getSubject()).isEqualTo("user-42");
  }

  @Test
  void tokenEndpointMintsFromAJsonBody() throws Exception {
    HttpResponse<Buffer> response = await(http.post(idp.port(), "127.0.0.1", "/token")
        .sendBuffer(Buffer.buffer("{\"sub\":\"42\",\"scope\":\"orders:read\"}")));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.getString("token_type")).isEqualTo("Bearer");
    assertThat(body.getLong("expires_in")).isBetween(3500L, 3600L);
    SignedJWT jwt = SignedJWT.parse(body.getString("access_token"));
    assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("42");
    assertThat(jwt.getJWTClaimsSet().getStringClaim("scope")).isEqualTo("orders:read");

    HttpResponse<Buffer> bad = await(http.post(idp.port(), "127.0.0.1", "/token").sendBuffer(Buffer.buffer("[1]")));
    assertThat(bad.statusCode()).isEqualTo(400);
  }

  @Test
  void rotationPublishesOldAndNewKeysUntilTheOldAreDropped() throws Exception {
    idp.rotate();
    assertThat(idp.currentKey().getKeyID()).isEqualTo("rsa-2");
    assertThat(jwks().getKeys()).extracting(JWK::getKeyID).contains("rsa-1", "rsa-2");
    assertThat(SignedJWT.parse(idp.mint(Map.of())).getHeader().getKeyID()).isEqualTo("rsa-2");

    idp.dropOldKeys();
    assertThat(jwks().getKeys()).extracting(JWK::getKeyID).containsExactlyInAnyOrder("rsa-2", "ec-1", "ed-1");
    assertThat(jwks().getKeyByKeyId("rsa-2")).isInstanceOf(RSAKey.class);
  }

  @Test
  void downAndGarbageModesBreakTheJwksEndpoint() throws Exception {
    idp.setDown(true);
    assertThat(get("/.well-known/jwks.json").statusCode()).isEqualTo(503);
    idp.setDown(false);
    idp.setGarbage(true);
    HttpResponse<Buffer> garbage = get("/.well-known/jwks.json");
    assertThat(garbage.statusCode()).isEqualTo(200);
    assertThat(garbage.bodyAsString()).doesNotContain("\"kty\"");
    idp.setGarbage(false);
    assertThat(jwks().getKeys()).hasSize(3);
    assertThat(idp.jwksFetches()).isEqualTo(3);
    assertThat(get("/nothing").statusCode()).isEqualTo(404);
    assertThat(List.of(idp.port())).doesNotContain(0);
  }
}

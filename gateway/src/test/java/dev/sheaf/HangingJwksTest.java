package dev.sheaf;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.sheaf.auth.AuthConfig;
import dev.sheaf.auth.AuthMode;
import dev.sheaf.auth.AuthSpec;
import dev.sheaf.config.GatewayConfig;
import dev.sheaf.mock.Eventually;
import dev.sheaf.mock.MockBackend;
import dev.sheaf.mock.idp.MockIdentityProvider;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An identity provider whose JWKS endpoint accepts connections and never answers: the gateway
 * still listens at once, and no request waits on a key fetch past its deadline or the fetch's
 * own timeout. Bounds are generous (seconds) yet far below the time a hung fetch would take.
 */
class HangingJwksTest {

  static final String HOME = "{ user(id: \"42\") { name } }";

  static Vertx vertx;
  static MockIdentityProvider idp;  // mints the tokens; its own JWKS endpoint is not used

  @BeforeAll
  static void startIdentityProvider() {
    vertx = Vertx.vertx();
    idp = TestGateway.await(MockIdentityProvider.start(vertx, "127.0.0.1", 0));
  }

  @AfterAll
  static void stop() {
    TestGateway.await(idp.close());
    TestGateway.await(vertx.close());
  }

  @Test
  void gatewayListensAtOnceWhileTheJwksHangs() {
    JwksStub jwks = TestGateway.await(JwksStub.start(vertx, null));
    long started = System.nanoTime();
    // A fetch timeout as long as the old fixed one: listening must not depend on it at all.
    try (TestGateway gateway = TestGateway.start(trusting(jwks, "10s"))) {
      // Start-up takes a second or two (schema, bindings, mock backends); the old start waited 10 s more.
      assertThat(elapsed(started)).as("time to listen").isLessThan(Duration.ofSeconds(6));
      TestGateway.await(Eventually.holds(vertx, Duration.ofSeconds(5), () -> jwks.requests() >= 1));  // and hangs
      HttpResponse<Buffer> health = gateway.get("/health");
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.bodyAsJsonObject().getString("status")).isEqualTo("UP");
      HttpResponse<Buffer> ready = gateway.get("/ready");
      assertThat(ready.statusCode()).as("not ready until the keys are known").isEqualTo(503);
      assertThat(ready.bodyAsJsonObject().getString("status")).isEqualTo("NOT_READY");
    } finally {
      TestGateway.await(jwks.close());
    }
  }

  @Test
  void tokenGets503WithinItsDeadlineWhileTheFirstKeyFetchHangs() {
    JwksStub jwks = TestGateway.await(JwksStub.start(vertx, null));
    // The fetch may take 10 s; the request's own deadline (500 ms) must bound its wait.
    try (TestGateway gateway = TestGateway.start(trusting(jwks, "10s"))) {
      long asked = System.nanoTime();
      HttpResponse<Buffer> response = gateway.post(new JsonObject().put("query", HOME).toBuffer(),
          bearer(token(idp.currentKey().getKeyID())).add("sheaf-timeout", "500ms"));

      assertThat(elapsed(asked)).as("answered within about its 500 ms deadline").isLessThan(Duration.ofSeconds(3));
      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.getHeader("retry-after")).isEqualTo("5");
      assertThat(response.getHeader("www-authenticate")).isNull();
      JsonObject error = response.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0);
      assertThat(error.getJsonObject("extensions").getString("code")).isEqualTo("AUTH_UNAVAILABLE");
      assertThat(error.getString("message")).contains("signing keys unavailable")
          .doesNotContain("127.0.0.1").doesNotContain("Exception");
      assertThat(gateway.mocks.all().stream().mapToInt(MockBackend::calls).sum()).isZero();
      assertThat(gateway.get("/ready").statusCode()).isEqualTo(503);
    } finally {
      TestGateway.await(jwks.close());
    }
  }

  @Test
  void unknownKidGets401WithinTheFetchTimeoutWhileTheRefetchHangs() throws Exception {
    JwksStub jwks = TestGateway.await(JwksStub.start(vertx, new JWKSet(idp.currentKey().toPublicJWK())));
    try (TestGateway gateway = TestGateway.start(trusting(jwks, "1s"))) {
      awaitReady(gateway);
      HttpResponse<Buffer> known = gateway.post(new JsonObject().put("query", HOME).toBuffer(),
          bearer(token(idp.currentKey().getKeyID())));
      assertThat(known.statusCode()).as(known.bodyAsString()).isEqualTo(200);

      jwks.hang();
      int fetchesBefore = jwks.requests();
      long asked = System.nanoTime();
      HttpResponse<Buffer> response = gateway.post(new JsonObject().put("query", HOME).toBuffer(),
          bearer(token("rotated-key-the-gateway-never-saw")));

      assertThat(elapsed(asked)).as("bounded by the 1 s fetch timeout").isLessThan(Duration.ofSeconds(4));
      assertThat(jwks.requests()).as("the unknown kid triggered a refetch").isEqualTo(fetchesBefore + 1);
      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(response.getHeader("www-authenticate")).contains("error=\"invalid_token\"");
      JsonObject error = response.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0);
      assertThat(error.getJsonObject("extensions").getString("code")).isEqualTo("UNAUTHENTICATED");
      assertThat(error.getString("message")).contains("unknown signing key").doesNotContain("127.0.0.1");
      assertThat(gateway.get("/ready").statusCode()).as("the keys held keep serving").isEqualTo(200);
      // The timed-out fetch was reset, not left holding a connection to the hung endpoint.
      TestGateway.await(Eventually.holds(vertx, Duration.ofSeconds(3), () -> jwks.openConnections() == 0));
    } finally {
      TestGateway.await(jwks.close());
    }
  }

  private static GatewayConfig trusting(JwksStub jwks, String jwksTimeout) {
    AuthSpec spec = new AuthSpec(AuthMode.OPTIONAL, null, null, null, null, null, "30s", jwksTimeout, List.of(
        new AuthSpec.IssuerSpec(idp.issuer(), jwks.url(), null, null, null, List.of("sheaf"), List.of("sub"))));
    return GatewayConfig.defaults().withAuth(AuthConfig.from(spec, Path.of("sheaf.yaml")));
  }

  /** Signed with the identity provider's current key, under whatever key id the test names. */
  private static String token(String kid) {
    JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(idp.issuer()).audience("sheaf").subject("42")
        .expirationTime(Date.from(Instant.now().plusSeconds(600))).build();
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).type(JOSEObjectType.JWT).build(),
        claims);
    try {
      jwt.sign(new RSASSASigner(idp.currentKey()));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    return jwt.serialize();
  }

  private static MultiMap bearer(String token) {
    return MultiMap.caseInsensitiveMultiMap().add("authorization", "Bearer " + token);
  }

  private static void awaitReady(TestGateway gateway) throws InterruptedException {
    long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (gateway.send(HttpMethod.GET, "/ready", MultiMap.caseInsensitiveMultiMap()).statusCode() != 200) {
      assertThat(System.nanoTime()).as("ready within 10 s").isLessThan(until);
      Thread.sleep(20);  // the test thread, not an event loop
    }
  }

  private static Duration elapsed(long sinceNanos) {
    return Duration.ofNanos(System.nanoTime() - sinceNanos);
  }

}

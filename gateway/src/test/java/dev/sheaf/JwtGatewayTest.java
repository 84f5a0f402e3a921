package dev.sheaf;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.sheaf.auth.AuthConfig;
import dev.sheaf.auth.AuthMode;
import dev.sheaf.auth.AuthSpec;
import dev.sheaf.config.GatewayConfig;
import dev.sheaf.mock.MockBackend;
import dev.sheaf.mock.RecordedRequest;
import dev.sheaf.mock.ShopData;
import dev.sheaf.mock.idp.MockIdentityProvider;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** JWT at the edge, over the wire: bad tokens never reach a backend; claims reach bindings safely. */
class JwtGatewayTest {

  static final String HOME = "{ user(id: \"42\") { name orders(limit: 1) { id } } }";

  @RegisterExtension
  static final TestGateway gateway = TestGateway.perClass().trustingIdentityProvider(AuthMode.OPTIONAL);
  static MockIdentityProvider idp;
  static MockIdentityProvider otherIdp;

  @BeforeAll
  static void startASecondIssuer() {
    idp = gateway.idp;
    otherIdp = TestGateway.await(MockIdentityProvider.start(gateway.vertx, "127.0.0.1", 0));
  }

  @Test
  void whileTheIssuersKeysWereNeverFetchedATokenGets503NotA401AndNoBackendIsCalled() throws Exception {
    MockIdentityProvider downIdp = TestGateway.await(MockIdentityProvider.start(gateway.vertx, "127.0.0.1", 0));
    downIdp.setDown(true);
    AuthSpec spec = new AuthSpec(AuthMode.OPTIONAL, null, null, null, null, "200ms", "200ms", null, List.of(
        new AuthSpec.IssuerSpec(downIdp.issuer(), downIdp.jwksUrl(), null, null, null, List.of("sheaf"), null)));
    try (TestGateway down = TestGateway.start(GatewayConfig.defaults().withAuth(AuthConfig.from(spec, Path.of("sheaf.yaml"))))) {
      String token = downIdp.mint(claims("aud", "sheaf", "sub", "42"));
      MultiMap bearer = MultiMap.caseInsensitiveMultiMap().add("authorization", "Bearer " + token);

      HttpResponse<Buffer> graphql = down.post(new JsonObject().put("query", HOME).toBuffer(), bearer);
      assertThat(graphql.statusCode()).isEqualTo(503);
      assertThat(graphql.getHeader("retry-after")).isEqualTo("5");
      assertThat(graphql.getHeader("www-authenticate")).isNull();
      JsonObject error = graphql.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0);
      assertThat(error.getJsonObject("extensions").getString("code")).isEqualTo("AUTH_UNAVAILABLE");
      assertThat(error.getString("message")).contains("signing keys unavailable").doesNotContain("127.0.0.1");

      HttpResponse<Buffer> rest = down.send(io.vertx.core.http.HttpMethod.GET, "/api/v1/home/42", bearer);
      assertThat(rest.statusCode()).isEqualTo(503);
      assertThat(rest.getHeader("content-type")).isEqualTo("application/problem+json");
      assertThat(rest.bodyAsJsonObject().getInteger("status")).isEqualTo(503);
      assertThat(down.mocks.all().stream().mapToInt(MockBackend::calls).sum()).isZero();

      // The identity provider comes back: the same token is accepted once the keys are fetched.
      downIdp.setDown(false);
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (down.send(io.vertx.core.http.HttpMethod.GET, "/ready", MultiMap.caseInsensitiveMultiMap()).statusCode() != 200
          && System.nanoTime() < deadline) {
        Thread.sleep(50);  // the test thread, not an event loop
      }
      HttpResponse<Buffer> after = down.post(new JsonObject().put("query", HOME).toBuffer(), bearer);
      assertThat(after.statusCode()).isEqualTo(200);
      assertThat(after.bodyAsJsonObject().getJsonObject("data").getJsonObject("user").getString("name"))
          .isEqualTo(ShopData.user("42").orElseThrow().getString("fullName"));
    }
  }

  @Test
  void mutationsActAsTheCallerTheTokenNamesAndAnonymousCallersCannotRunThem() {
    String token = idp.mint(claims("aud", "sheaf", "sub", "9"));

    JsonObject placed = query("mutation { placeOrder(productIds: [\"p1\", \"p2\"]) { id status total } }", token)
        .bodyAsJsonObject();
    JsonObject renamed = query("mutation { renameMe(name: \"Ada\") { id name } }", token).bodyAsJsonObject();

    assertThat(placed.containsKey("errors")).as(placed.encode()).isFalse();
    assertThat(placed.getJsonObject("data").getJsonObject("placeOrder").getString("status")).isEqualTo("PLACED");
    assertThat(placed.getJsonObject("data").getJsonObject("placeOrder").getDouble("total"))
        .isEqualTo(ShopData.orderTotal(List.of("p1", "p2")).orElseThrow().doubleValue());
    assertThat(renamed.getJsonObject("data").getJsonObject("renameMe").getString("name")).isEqualTo("Ada");
    RecordedRequest order = gateway.mocks.orders().requests().get(0);
    assertThat(order.method() + " " + order.path()).isEqualTo("POST /users/9/orders");
    assertThat(new JsonObject(order.body()).getJsonArray("productIds").getList()).containsExactly("p1", "p2");
    RecordedRequest rename = gateway.mocks.users().requests().get(0);
    assertThat(rename.method() + " " + rename.path()).isEqualTo("PATCH /users/9");

    gateway.mocks.resetStats();
    JsonObject anonymous = query("mutation { placeOrder(productIds: [\"p1\"]) { id } }", null).bodyAsJsonObject();
    assertThat(anonymous.getJsonObject("data").getValue("placeOrder")).isNull();
    assertThat(anonymous.getJsonArray("errors").getJsonObject(0).getJsonObject("extensions").getString("code"))
        .isEqualTo("UNAUTHENTICATED");
    assertThat(backendCalls()).isZero();
  }

  private static HttpResponse<Buffer> query(String query, String token, MultiMap extraHeaders) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(extraHeaders);
    if (token != null) {
      headers.add("authorization", "Bearer " + token);
    }
    return gateway.post(new JsonObject().put("query", query).toBuffer(), headers);
  }

  private static HttpResponse<Buffer> query(String query, String token) {
    return query(query, token, MultiMap.caseInsensitiveMultiMap());
  }

  private static int backendCalls() {
    return gateway.mocks.all().stream().mapToInt(MockBackend::calls).sum();
  }

  private static Map<String, Object> claims(Object... namesAndValues) {
    Map<String, Object> claims = new HashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      claims.put((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    return claims;
  }

  private static JWTClaimsSet.Builder validClaims() {
    return new JWTClaimsSet.Builder().issuer(idp.issuer()).audience("sheaf").subject("42")
        .expirationTime(Date.from(Instant.now().plusSeconds(600)));
  }

  private static String signed(JWSHeader header, JWTClaimsSet claims) throws Exception {
    SignedJWT jwt = new SignedJWT(header, claims);
    jwt.sign(new RSASSASigner(idp.currentKey()));
    return jwt.serialize();
  }

  private static String tamper(String token, int part) {
    String[] parts = token.split("\\.");
    if (part == 1) {
      String payload = new String(Base64.getUrlDecoder().decode(parts[1])).replace("\"42\"", "\"1\"");
      parts[1] = Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes());
    } else {
      char[] sig = parts[2].toCharArray();
      sig[5] = sig[5] == 'A' ? 'B' : 'A';
      parts[2] = new String(sig);
    }
    return String.join(".", parts);
  }

  static Stream<Arguments> badTokens() throws Exception {
    String good = idp.mint(claims("sub", "42"));
    String unsignedHeader = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes());
    String payload = good.split("\\.")[1];
    SignedJWT confused = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(idp.currentKey().getKeyID()).build(),
        validClaims().build());
    confused.sign(new MACSigner(padTo32(idp.currentKey().toPublicJWK().toRSAPublicKey().getEncoded())));
    return Stream.of(
        Arguments.of("alg none", unsignedHeader + "." + payload + "."),
        Arguments.of("HS256 signed with the RSA public key", confused.serialize()),
        Arguments.of("expired", idp.mint(claims("sub", "42", "exp", Instant.now().minusSeconds(3600).getEpochSecond()))),
        Arguments.of("not yet valid", idp.mint(claims("sub", "42", "nbf", Instant.now().plusSeconds(600).getEpochSecond()))),
        Arguments.of("wrong issuer", idp.mint(claims("sub", "42", "iss", "https://evil.example"))),
        Arguments.of("wrong audience", idp.mint(claims("sub", "42", "aud", "someone-else"))),
        Arguments.of("missing required claim", idp.mint(claims("sub", null))),
        Arguments.of("tampered payload", tamper(good, 1)),
        Arguments.of("tampered signature", tamper(good, 2)),
        Arguments.of("over 8 KB", idp.mint(claims("sub", "42", "pad", "x".repeat(9000)))),
        Arguments.of("malformed", "abc.def.ghi"),
        Arguments.of("a JWE", "eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.a.b.c.d"),
        Arguments.of("unknown crit header", signed(new JWSHeader.Builder(JWSAlgorithm.RS256)
            .keyID(idp.currentKey().getKeyID()).customParam("x-sheaf", 1)
            .criticalParams(java.util.Set.of("x-sheaf")).build(), validClaims().build())),
        Arguments.of("issuer A's token signed with B's key", otherIdp.mint(claims("sub", "42", "iss", idp.issuer()))),
        Arguments.of("a key the IdP never published", forgedWithUnknownKey()));
  }

  private static byte[] padTo32(byte[] key) {
    return key.length >= 32 ? key : java.util.Arrays.copyOf(key, 32);
  }

  private static String forgedWithUnknownKey() throws Exception {
    var stranger = new RSAKeyGenerator(2048).keyID("stranger").generate();
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("stranger").type(JOSEObjectType.JWT)
        .build(), validClaims().build());
    jwt.sign(new RSASSASigner(stranger));
    return jwt.serialize();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badTokens")
  void aBadTokenIsRefusedWith401AndNoBackendIsCalled(String name, String token) {
    HttpResponse<Buffer> response = query(HOME, token);

    assertThat(response.statusCode()).as(name).isEqualTo(401);
    assertThat(response.getHeader("www-authenticate")).contains("Bearer", "error=\"invalid_token\"");
    JsonObject error = response.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0);
    assertThat(error.getJsonObject("extensions").getString("code")).isEqualTo("UNAUTHENTICATED");
    assertThat(response.bodyAsString()).doesNotContain("kid", "RSA", "jwks", "Exception");
    assertThat(backendCalls()).as(name).isZero();
  }

  @Test
  void aBurstOfUnknownKidsAsksTheIdpAtMostOnce() throws Exception {
    int before = idp.jwksFetches();
    String token = forgedWithUnknownKey();

    for (int i = 0; i < 20; i++) {
      assertThat(query(HOME, token).statusCode()).isEqualTo(401);
    }

    assertThat(idp.jwksFetches() - before).isLessThanOrEqualTo(1);
    assertThat(backendCalls()).isZero();
  }

  @Test
  void jkuHeaderIsNeverFetched() throws Exception {
    int before = otherIdp.jwksFetches();
    String token = signed(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("elsewhere")
        .jwkURL(java.net.URI.create(otherIdp.jwksUrl())).build(), validClaims().build());

    assertThat(query(HOME, token).statusCode()).isEqualTo(401);
    assertThat(otherIdp.jwksFetches()).isEqualTo(before);
  }

  @Test
  void anonymousCallersSeePublicFieldsButNotGuardedOnes() {
    JsonObject body = query("{ user(id: \"42\") { name email } me { name } }", null).bodyAsJsonObject();

    JsonObject data = body.getJsonObject("data");
    assertThat(data.getJsonObject("user").getString("name")).isNotBlank();
    assertThat(data.getJsonObject("user").getValue("email")).isNull();
    assertThat(data.getValue("me")).isNull();
    assertThat(body.getJsonArray("errors").stream().map(e -> ((JsonObject) e).getJsonObject("extensions").getString("code")))
        .containsOnly("UNAUTHENTICATED");
    assertThat(gateway.mocks.users().calls()).isEqualTo(1); // me's backend was never called
  }

  @Test
  void requiresScopesIsEnforcedPerField() {
    String withScope = idp.mint(claims("sub", "7", "scope", "profile:email orders:read"));
    String withoutScope = idp.mint(claims("sub", "7", "scope", "orders:read"));

    JsonObject allowed = query("{ user(id: \"42\") { email } }", withScope).bodyAsJsonObject();
    JsonObject denied = query("{ user(id: \"42\") { name email } }", withoutScope).bodyAsJsonObject();

    assertThat(allowed.getJsonObject("data").getJsonObject("user").getString("email"))
        .isEqualTo(ShopData.user("42").orElseThrow().getString("email"));
    assertThat(denied.getJsonObject("data").getJsonObject("user").getValue("email")).isNull();
    assertThat(denied.getJsonObject("data").getJsonObject("user").getString("name")).isNotBlank();
    JsonObject error = denied.getJsonArray("errors").getJsonObject(0);
    assertThat(error.getJsonObject("extensions").getString("code")).isEqualTo("FORBIDDEN");
    assertThat(error.getJsonArray("path").getList()).containsExactly("user", "email");
  }

  @Test
  void meIsResolvedFromTheTokenAlone() {
    JsonObject body = query("{ me { id name } }", idp.mint(claims("sub", "17"))).bodyAsJsonObject();

    assertThat(body.getJsonObject("data").getJsonObject("me").getString("name"))
        .isEqualTo(ShopData.user("17").orElseThrow().getString("fullName"));
    assertThat(gateway.mocks.users().requests().get(0).path()).isEqualTo("/users/17");
  }

  @Test
  void claimsReachForwardedHeadersAndAClientCannotSpoofThem() {
    String token = idp.mint(claims("sub", "42"));
    MultiMap spoof = MultiMap.caseInsensitiveMultiMap().add("x-user-id", "1");

    query(HOME, token, spoof);
    query(HOME, null, spoof);

    List<RecordedRequest> toUsers = gateway.mocks.users().requests();
    assertThat(toUsers.get(0).header("x-user-id")).isEqualTo("42");
    assertThat(toUsers.get(1).header("x-user-id")).isNull();
    List<RecordedRequest> toOrders = gateway.mocks.orders().requests();
    assertThat(toOrders.get(0).header("authorization")).isEqualTo("Bearer " + token);
    assertThat(toOrders.get(1).header("authorization")).isNull();
    assertThat(toUsers.get(0).header("authorization")).isNull(); // only where opted in
  }

  @Test
  void aPostWhoseTokenWaitsForAKeyRefetchIsAnsweredInFull() throws Exception {
    // Each round rotates the keys, so the token's kid is unknown and the request waits for a refetch
    // that completes on the key fetcher's context while its body waits, paused, to be read.
    MockIdentityProvider rotating = TestGateway.await(MockIdentityProvider.start(gateway.vertx, "127.0.0.1", 0));
    AuthSpec spec = new AuthSpec(AuthMode.REQUIRED, null, null, null, null, null, "1ms", null, List.of(
        new AuthSpec.IssuerSpec(rotating.issuer(), rotating.jwksUrl(), null, null, null, List.of("sheaf"), null)));
    try (TestGateway strict = TestGateway.start(GatewayConfig.defaults()
        .withAuth(AuthConfig.from(spec, Path.of("sheaf.yaml"))))) {
      Buffer home = new JsonObject().put("query", HOME).put("padding", "x".repeat(32 * 1024)).toBuffer();
      for (int round = 0; round < 10; round++) {
        gateway.vertx.executeBlocking(() -> {
          rotating.rotate();
          return null;
        }).await();
        rotating.dropOldKeys();
        Thread.sleep(5); // past the 1 ms between unknown-kid refetches

        HttpResponse<Buffer> answer = strict.post(home, MultiMap.caseInsensitiveMultiMap()
            .add("authorization", "Bearer " + rotating.mint(claims("sub", "42"))));

        assertThat(answer.statusCode()).as("round %d: %s", round, answer.bodyAsString()).isEqualTo(200);
        assertThat(answer.bodyAsJsonObject().getJsonObject("data").getJsonObject("user").getString("name")).isNotBlank();
      }
      assertThat(rotating.jwksFetches()).as("a refetch per round").isGreaterThanOrEqualTo(10);
    } finally {
      TestGateway.await(rotating.close());
    }
  }

  @Test
  void requiredModeRefusesAnonymousCallersAndPicksUpKeyRotation() throws Exception {
    MockIdentityProvider rotating = TestGateway.await(MockIdentityProvider.start(gateway.vertx, "127.0.0.1", 0));
    AuthSpec spec = new AuthSpec(AuthMode.REQUIRED, null, null, null, null, null, "30s", null, List.of(
        new AuthSpec.IssuerSpec(rotating.issuer(), rotating.jwksUrl(), null, null, null, List.of("sheaf"), null)));
    try (TestGateway strict = TestGateway.start(GatewayConfig.defaults()
        .withAuth(AuthConfig.from(spec, Path.of("sheaf.yaml"))))) {
      Buffer home = new JsonObject().put("query", HOME).toBuffer();

      HttpResponse<Buffer> anonymous = strict.post(home, MultiMap.caseInsensitiveMultiMap());
      assertThat(anonymous.statusCode()).isEqualTo(401);
      assertThat(anonymous.getHeader("www-authenticate")).startsWith("Bearer").doesNotContain("error=");
      assertThat(strict.mocks.all().stream().mapToInt(MockBackend::calls).sum()).isZero();

      gateway.vertx.executeBlocking(() -> {
        rotating.rotate();
        return null;
      }).await();
      rotating.dropOldKeys();
      HttpResponse<Buffer> rotated = strict.post(home, MultiMap.caseInsensitiveMultiMap()
          .add("authorization", "Bearer " + rotating.mint(claims("sub", "42"))));

      assertThat(rotated.statusCode()).as(rotated.bodyAsString()).isEqualTo(200);
      assertThat(rotated.bodyAsJsonObject().getJsonObject("data").getJsonObject("user").getString("name")).isNotBlank();
    } finally {
      TestGateway.await(rotating.close());
    }
  }
}

package dev.sheaf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.auth.AuthMode;
import dev.sheaf.config.GatewayConfig;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A request's plan (its backend calls: start, duration, template, outcome, batch size, fields) for a
 * caller allowed to see it, {@code Server-Timing} on every answer, and the recent requests on the
 * admin port, against the real gateway and mocks. Debug is off here, as by default: the token's
 * scope decides.
 */
class WaterfallTest {

  /** The home screen: users, orders and recommendations, then catalog and inventory batches. */
  static final String HOME = MetricsTest.HOME;

  @RegisterExtension
  static final TestGateway gateway = TestGateway.perClass(GatewayConfig.defaults()
      .withInsight(GatewayConfig.defaults().insight().withRecentRequests(4)))
      .trustingIdentityProvider(AuthMode.OPTIONAL);

  /** The first calls of a fresh JVM can outlast a backend's timeout: not what is tested here. */
  @BeforeAll
  static void warmUp() {
    gateway.query(HOME, Map.of("id", "42"));
    gateway.get("/api/v1/home/42");
  }

  private static MultiMap debugHeaders(String token) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Sheaf-Debug", "plan");
    if (token != null) {
      headers.add("authorization", "Bearer " + token);
    }
    return headers;
  }

  private static HttpResponse<Buffer> home(MultiMap headers) {
    return gateway.post(new JsonObject().put("query", HOME).put("variables", Map.of("id", "42")).toBuffer(), headers);
  }

  private String debugToken() {
    return gateway.idp.mint(Map.of("aud", TestGateway.AUDIENCE, "sub", "dev-1", "scope", "profile sheaf:debug"));
  }

  @Test
  void aCallerWithTheDebugScopeGetsThePlanOfItsRequest() {
    HttpResponse<Buffer> response = home(debugHeaders(debugToken()));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.containsKey("errors")).as(body.encode()).isFalse();
    JsonObject plan = body.getJsonObject("extensions").getJsonObject("sheaf");
    assertThat(plan.getString("requestId")).isEqualTo(response.getHeader("X-Request-Id"));
    assertThat(plan.getString("operationName")).isEqualTo("Home");
    List<JsonObject> calls = objects(plan.getJsonArray("calls"));
    Map<String, JsonObject> byBackend = calls.stream().collect(Collectors.toMap(c -> c.getString("backend"), c -> c));
    // One call per backend: the prefetched reads are shared with the fields that ask for them later.
    assertThat(calls).hasSize(5);
    assertThat(byBackend.keySet()).containsExactlyInAnyOrder("users", "orders", "recommendations", "catalog",
        "inventory");
    assertThat(calls).allSatisfy(call -> {
      assertThat(call.getString("outcome")).isEqualTo("ok");
      assertThat(call.getDouble("startMs")).isGreaterThanOrEqualTo(0.0);
      assertThat(call.getDouble("durationMs")).isPositive();
    });
    // Templates as bound, never the rendered URL.
    assertThat(byBackend.get("users").getString("route")).isEqualTo("GET /users/{args.id}");
    assertThat(byBackend.get("inventory").getString("route")).isEqualTo("inventory.v1.InventoryService/GetStock");
    assertThat(plan.encode()).doesNotContain("/users/42");
    // The fields each call served.
    assertThat(byBackend.get("users").getJsonArray("fields")).containsExactly("/user");
    assertThat(byBackend.get("orders").getJsonArray("fields")).containsExactly("/user/orders");
    int recommended = body.getJsonObject("data").getJsonObject("user").getJsonArray("recommendations").size();
    assertThat(recommended).isGreaterThan(1);
    JsonObject catalog = byBackend.get("catalog");
    assertThat(catalog.getInteger("batchSize")).isEqualTo(recommended);
    assertThat(catalog.getJsonArray("fields")).hasSize(recommended).contains("/user/recommendations[0]");
    JsonObject inventory = byBackend.get("inventory");
    assertThat(inventory.getInteger("batchSize")).isEqualTo(recommended);
    assertThat(inventory.getJsonArray("fields")).contains("/user/recommendations[1]/stock");
    // The batches wait for the recommendations; the first level does not wait for anything.
    JsonObject recommendations = byBackend.get("recommendations");
    double recommendationsEnd = recommendations.getDouble("startMs") + recommendations.getDouble("durationMs");
    assertThat(catalog.getDouble("startMs")).isGreaterThanOrEqualTo(recommendationsEnd - 0.01);
    assertThat(inventory.getDouble("startMs")).isGreaterThanOrEqualTo(recommendationsEnd - 0.01);
  }

  @Test
  void thePlanIsOnlyForCallersAllowedToSeeIt() {
    String plainToken = gateway.idp.mint(Map.of("aud", TestGateway.AUDIENCE, "sub", "dev-2", "scope", "profile"));

    JsonObject anonymous = home(debugHeaders(null)).bodyAsJsonObject();
    JsonObject withoutScope = home(debugHeaders(plainToken)).bodyAsJsonObject();
    JsonObject notAsked = home(MultiMap.caseInsensitiveMultiMap()
        .add("authorization", "Bearer " + debugToken())).bodyAsJsonObject();

    assertThat(anonymous.getJsonObject("data")).isNotNull();
    for (JsonObject body : List.of(anonymous, withoutScope, notAsked)) {
      assertThat(body.containsKey("extensions")).as(body.encode()).isFalse();
    }
  }

  @Test
  void everyAnswerCarriesServerTimingWithTheTotalAndTheSlowestBackend() {
    HttpResponse<Buffer> home = home(MultiMap.caseInsensitiveMultiMap());
    HttpResponse<Buffer> refused = gateway.get("/graphql");
    HttpResponse<Buffer> health = gateway.get("/health");

    assertThat(home.getHeader("Server-Timing"))
        .matches("total;dur=[0-9.]+, backend;desc=\"(users|orders|recommendations|catalog|inventory)\";dur=[0-9.]+");
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.getHeader("Server-Timing")).matches("total;dur=[0-9.]+");
    assertThat(health.getHeader("Server-Timing")).matches("total;dur=[0-9.]+");
    // Backend names, never their hosts or ports.
    assertThat(home.getHeader("Server-Timing")).doesNotContain("127.0.0.1").doesNotContain("localhost");
  }

  @Test
  void aRestEndpointGivesItsPlanInAHeaderAndIsNotStored() {
    HttpResponse<Buffer> response = gateway.send(HttpMethod.GET, "/api/v1/home/42", debugHeaders(debugToken()));
    HttpResponse<Buffer> plain = gateway.send(HttpMethod.GET, "/api/v1/home/42", MultiMap.caseInsensitiveMultiMap());

    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject plan = new JsonObject(response.getHeader("Sheaf-Plan"));
    Set<String> backends = objects(plan.getJsonArray("calls")).stream().map(c -> c.getString("backend"))
        .collect(Collectors.toSet());
    assertThat(backends).contains("users", "orders", "recommendations", "catalog");
    assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
    // The body is the resource, as without the plan.
    assertThat(response.bodyAsJsonObject().getString("id")).isEqualTo("42");
    assertThat(plain.getHeader("Sheaf-Plan")).isNull();
    assertThat(plain.getHeader("Cache-Control")).isNotEqualTo("no-store");
  }

  @Test
  void theAdminPortKeepsTheLastRequestsAndEachOnesCalls() {
    for (int i = 0; i < 5; i++) {
      home(MultiMap.caseInsensitiveMultiMap().add("X-Request-Id", "list-" + i));
    }
    // A request is kept when its answer has been written, which a client may see a moment before.
    newestKeptIs("list-4");
    HttpResponse<Buffer> refused = gateway.send(HttpMethod.GET, "/graphql",
        MultiMap.caseInsensitiveMultiMap().add("X-Request-Id", "refused-1"));
    assertThat(refused.statusCode()).isEqualTo(400);

    JsonArray kept = newestKeptIs("refused-1");
    // Four kept (debug.recentRequests), the newest first.
    assertThat(objects(kept).stream().map(r -> r.getString("requestId")).toList())
        .containsExactly("refused-1", "list-4", "list-3", "list-2");
    assertThat(kept.getJsonObject(0).getString("outcome")).isEqualTo("rejected");
    assertThat(kept.getJsonObject(0).getJsonArray("calls")).isEmpty();

    JsonObject one = admin("/requests/list-4", "application/json").bodyAsJsonObject();
    assertThat(one.getString("outcome")).isEqualTo("complete");
    assertThat(one.getInteger("status")).isEqualTo(200);
    assertThat(one.getString("operationType")).isEqualTo("query");
    assertThat(one.getJsonArray("calls")).hasSize(5);

    HttpResponse<Buffer> page = admin("/requests/list-4", "text/html");
    assertThat(page.getHeader("content-type")).startsWith("text/html");
    assertThat(page.bodyAsString()).contains("<svg").contains("GET /users/{args.id}");
    assertThat(admin("/requests", "text/html").bodyAsString()).contains("href=\"/requests/list-4\"");
    assertThat(admin("/requests/list-0", "application/json").statusCode()).isEqualTo(404);
  }

  /** The kept requests once the newest is {@code requestId}; polled from the test's thread, for at most 5 s. */
  private static JsonArray newestKeptIs(String requestId) {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (true) {
      JsonArray kept = admin("/requests", "application/json").bodyAsJsonObject().getJsonArray("requests");
      if (!kept.isEmpty() && requestId.equals(kept.getJsonObject(0).getString("requestId"))
          || System.nanoTime() > deadline) {
        return kept;
      }
      try {
        Thread.sleep(20); // the test's own thread, never an event loop
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return kept;
      }
    }
  }

  static HttpResponse<Buffer> admin(String uri, String accept) {
    return TestGateway.await(gateway.client.get(gateway.sheaf.adminPort(), "127.0.0.1", uri)
        .putHeader("accept", accept).send());
  }

  static List<JsonObject> objects(JsonArray array) {
    return array.stream().map(JsonObject.class::cast).toList();
  }
}

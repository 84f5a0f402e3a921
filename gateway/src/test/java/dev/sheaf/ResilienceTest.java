package dev.sheaf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.config.GatewayConfig;
import dev.sheaf.mock.Knobs;
import dev.sheaf.mock.MockService;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failing backend's circuit opens and closes again, and a hung backend holds no more calls than
 * its bulkhead allows: the real gateway over the wire to the mocks. Asserts on the mocks' call
 * counts, not on timings.
 */
class ResilienceTest {

  private static final String ORDERS = "query($id: ID!) { user(id: $id) { name orders(limit: 3) { id } } }";
  private static final String RECOMMENDATIONS = "query($id: ID!) { user(id: $id) { name recommendations { id } } }";
  private static final long RECOVERY_BOUND_MS = 15_000;

  @TempDir
  static Path resolvers;

  static TestGateway gateway;

  @BeforeAll
  static void start() throws IOException {
    // orders: a small window, so a few failures open its circuit. recommendations: no breaker, two
    // calls in flight at most, and a long timeout so hung calls overlap.
    TestGateway.copySampleResolvers(resolvers, text -> text
        .replace("forwardAuthorization: true", "forwardAuthorization: true\n    circuitBreaker: { failureRate: 50, "
            + "window: 4, minimumCalls: 4, openFor: 2s, halfOpenCalls: 1 }")
        .replace("7104}\n    timeout: 300ms", "7104}\n    timeout: 5s\n    circuitBreaker: off\n    maxConcurrentCalls: 2"));
    gateway = TestGateway.start(GatewayConfig.defaults(), resolvers);
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @BeforeEach
  void healthyAndClosed() {
    gateway.mocks.setKnobsForAll(Knobs.none());
    awaitOrdersAnswer(); // a circuit a test left open closes after openFor and one good probe
    gateway.mocks.resetStats();
  }

  private static JsonObject query(String query) {
    return gateway.query(query, Map.of("id", "42"));
  }

  private static JsonObject ordersError(JsonObject body) {
    assertThat(body.getJsonArray("errors")).as(body.encode()).hasSize(1);
    JsonObject error = body.getJsonArray("errors").getJsonObject(0);
    assertThat(error.getJsonArray("path").getList()).containsExactly("user", "orders");
    return error.getJsonObject("extensions");
  }

  /** Polls until orders answers with data again (the circuit is closed); generous for a busy machine. */
  private static JsonObject awaitOrdersAnswer() {
    long until = System.currentTimeMillis() + RECOVERY_BOUND_MS;
    JsonObject body = query(ORDERS);
    while (body.containsKey("errors") && System.currentTimeMillis() < until) {
      sleep(100);
      body = query(ORDERS);
    }
    assertThat(body.containsKey("errors")).as(body.encode()).isFalse();
    return body;
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /**
   * Sends requests that fail until the circuit opens; how many depends on the calls the window still
   * holds from before (minimumCalls 4, failureRate 50), so no more than the window and the minimum.
   */
  private static void failUntilOpen(String expectedCode) {
    for (int i = 0; i < 8; i++) {
      JsonObject extensions = ordersError(query(ORDERS));
      if ("open".equals(extensions.getString("circuit"))) {
        assertThat(i).as("failures before the circuit opened").isBetween(2, 4);
        return;
      }
      assertThat(extensions.getString("code")).isEqualTo(expectedCode);
    }
    throw new AssertionError("the circuit of orders did not open");
  }

  @Test
  void serverErrorsOpenTheCircuitAndNoMoreCallsReachTheBackendUntilItRecovers() {
    MockService orders = gateway.mocks.orders();
    orders.setKnobs(Knobs.none().withErrorStatus(503));
    failUntilOpen("BACKEND_ERROR");
    int callsWhenOpened = orders.calls();

    for (int i = 0; i < 3; i++) {
      JsonObject body = query(ORDERS);
      JsonObject extensions = ordersError(body);
      assertThat(extensions.getString("code")).isEqualTo("BACKEND_UNAVAILABLE");
      assertThat(extensions.getString("circuit")).isEqualTo("open");
      assertThat(extensions.getString("backend")).isEqualTo("orders");
      assertThat(body.getJsonObject("data").getJsonObject("user").getString("name")).isNotBlank(); // siblings intact
    }
    assertThat(orders.calls()).as("no call while the circuit is open").isEqualTo(callsWhenOpened);
    assertThat(circuitState()).isEqualTo(1.0);

    orders.setKnobs(Knobs.none());
    JsonObject recovered = awaitOrdersAnswer();

    assertThat(recovered.getJsonObject("data").getJsonObject("user").getJsonArray("orders")).isNotNull();
    assertThat(orders.calls()).isGreaterThan(callsWhenOpened);
    assertThat(circuitState()).isEqualTo(0.0);
  }

  @Test
  void timeoutsACallersShortDeadlineCausesNeverOpenTheCircuit() {
    MockService orders = gateway.mocks.orders();
    orders.setKnobs(Knobs.none().withLatency(300)); // within its 800 ms timeout, beyond the client's 50 ms
    io.vertx.core.MultiMap hurried = io.vertx.core.MultiMap.caseInsensitiveMultiMap().add("sheaf-timeout", "50ms");

    for (int i = 0; i < 8; i++) {
      JsonObject body = gateway.post(new JsonObject().put("query", ORDERS).put("variables", Map.of("id", "42"))
          .toBuffer(), hurried).bodyAsJsonObject();
      JsonObject extensions = ordersError(body);
      assertThat(extensions.getString("code")).as("request %d", i).isEqualTo("BACKEND_TIMEOUT");
      assertThat(extensions.containsKey("circuit")).as("request %d", i).isFalse();
    }
    assertThat(circuitState()).isEqualTo(0.0);
  }

  @Test
  void aResetConnectionCountsAsAFailure() {
    MockService orders = gateway.mocks.orders();
    orders.setKnobs(Knobs.none().withResetConnection(true));
    failUntilOpen("BACKEND_UNAVAILABLE");
    int callsWhenOpened = orders.calls();

    JsonObject extensions = ordersError(query(ORDERS));

    assertThat(extensions.getString("circuit")).isEqualTo("open");
    assertThat(orders.calls()).isEqualTo(callsWhenOpened);
  }

  @Test
  void clientErrorsNeverOpenTheCircuit() {
    MockService orders = gateway.mocks.orders();
    orders.setKnobs(Knobs.none().withErrorStatus(400));

    for (int i = 0; i < 10; i++) {
      JsonObject extensions = ordersError(query(ORDERS));
      assertThat(extensions.getString("code")).isEqualTo("BACKEND_ERROR");
      assertThat(extensions.getInteger("status")).isEqualTo(400);
      assertThat(extensions.containsKey("circuit")).isFalse();
    }
    assertThat(orders.calls()).isEqualTo(10);
    assertThat(circuitState()).isEqualTo(0.0);
  }

  @Test
  void callsBeyondTheBulkheadFailFastWhileTheBackendHangs() {
    MockService recommendations = gateway.mocks.recommendations();
    recommendations.setKnobs(Knobs.none().withHang(true));
    String body = new JsonObject().put("query", RECOMMENDATIONS).put("variables", Map.of("id", "42")).encode();

    List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      sent.add(gateway.client.post("/graphql").putHeader("content-type", "application/json")
          .sendBuffer(Buffer.buffer(body)));
    }
    int overloaded = 0;
    for (Future<HttpResponse<Buffer>> answer : sent) {
      JsonObject response = TestGateway.await(answer).bodyAsJsonObject();
      JsonObject extensions = response.getJsonArray("errors").getJsonObject(0).getJsonObject("extensions");
      if ("overloaded".equals(extensions.getString("reason"))) {
        assertThat(extensions.getString("code")).isEqualTo("BACKEND_UNAVAILABLE");
        overloaded++;
      } else {
        assertThat(extensions.getString("code")).isEqualTo("BACKEND_TIMEOUT");
      }
    }

    assertThat(recommendations.maxInFlight()).isLessThanOrEqualTo(2);
    assertThat(overloaded).isEqualTo(4);
  }

  /** sheaf_backend_circuit_state of orders on the admin port's /metrics. */
  private static double circuitState() {
    String text = TestGateway.await(gateway.client.get(gateway.sheaf.adminPort(), "127.0.0.1", "/metrics").send())
        .bodyAsString();
    return text.lines().filter(l -> l.startsWith("sheaf_backend_circuit_state{") && l.contains("backend=\"orders\""))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst()
        .orElseThrow(() -> new AssertionError("no circuit state for orders in:\n" + text));
  }
}

package dev.sheaf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.config.GatewayConfig;
import dev.sheaf.mock.Knobs;
import dev.sheaf.mock.MockService;
import dev.sheaf.mock.RecordedRequest;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Opt-in retries of idempotent calls: one after a 503 turns the failure into data, none is sent once
 * the request's deadline would pass, and none once the backend's retry budget is spent. Counts the
 * calls at the mocks, over the wire.
 */
class RetryTest {

  private static final String ORDERS = "query($id: ID!) { user(id: $id) { name orders(limit: 3) { id } } }";
  private static final String RECOMMENDATIONS = "query($id: ID!) { user(id: $id) { name recommendations { id } } }";

  // Breakers off: these tests count calls, and an open circuit would refuse them. orders: a roomy budget
  // and up to 200 ms between attempts; recommendations: a budget of one retry, refilled by 1 % of its calls.
  @RegisterExtension
  static final TestGateway gateway = TestGateway.perClass(GatewayConfig.defaults())
      .withResolvers(TestGateway.sampleResolvers(text -> text
        .replace("forwardAuthorization: true", "forwardAuthorization: true\n    circuitBreaker: off\n"
            + "    retry: { attempts: 20, backoff: 200ms, maxBackoff: 200ms, budget: 10, burst: 100 }")
        .replace("7104}\n    timeout: 300ms", "7104}\n    timeout: 300ms\n    circuitBreaker: off\n"
            + "    retry: { attempts: 3, backoff: 10ms, budget: 1, burst: 1 }")));

  private static JsonObject firstErrorExtensions(JsonObject body) {
    assertThat(body.getJsonArray("errors")).as(body.encode()).hasSize(1);
    return body.getJsonArray("errors").getJsonObject(0).getJsonObject("extensions");
  }

  @Test
  void aCallThatFailedWith503IsRetriedAndTheFieldGetsItsData() {
    MockService orders = gateway.mocks.orders();
    orders.setKnobs(Knobs.none().withErrorStatus(503).withFaultRate(50)); // the 1st call fails, the 2nd answers

    JsonObject body = gateway.query(ORDERS, Map.of("id", "42"));

    assertThat(body.containsKey("errors")).as(body.encode()).isFalse();
    assertThat(body.getJsonObject("data").getJsonObject("user").getJsonArray("orders")).isNotEmpty();
    assertThat(orders.calls()).isEqualTo(2);
    assertThat(TestGateway.await(gateway.client.get(gateway.sheaf.adminPort(), "127.0.0.1", "/metrics").send())
        .bodyAsString()).containsPattern("sheaf_backend_retries_total\\{backend=\"orders\",kind=\"retry\"} [1-9]");
  }

  @Test
  void noRetryIsSentOnceTheRequestsDeadlineWouldPass() {
    MockService orders = gateway.mocks.orders();
    orders.setKnobs(Knobs.none().withErrorStatus(503));
    long sent = System.nanoTime();

    JsonObject body = post(ORDERS, "1s");

    JsonObject extensions = firstErrorExtensions(body);
    assertThat(extensions.getString("code")).isIn("BACKEND_ERROR", "BACKEND_TIMEOUT");
    assertThat(orders.calls()).as("retried while there was time").isGreaterThanOrEqualTo(2);
    // 20 attempts could take up to 3.8 s; every one the gateway sent arrived within the 1 s deadline
    // (plus a margin for the request's own way to the gateway on a busy machine).
    long lastArrival = orders.requests().stream().mapToLong(RecordedRequest::receivedAtNanos).max().orElseThrow();
    assertThat(TimeUnit.NANOSECONDS.toMillis(lastArrival - sent)).isLessThan(1_000 + 300);
  }

  @Test
  void aRetryAfterLongerThanTheTimeLeftIsNotWaitedFor() {
    MockService orders = gateway.mocks.orders();
    orders.setKnobs(Knobs.none().withErrorStatus(503).withRetryAfter(30));
    long sent = System.nanoTime();

    JsonObject body = post(ORDERS, "2s");

    // The backend asks for 30 s, the request has 2 s: the failure is the answer, at once.
    assertThat(firstErrorExtensions(body).getString("code")).isEqualTo("BACKEND_ERROR");
    assertThat(orders.calls()).isEqualTo(1);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent)).as("answered before the deadline")
        .isLessThan(2_000);
  }

  @Test
  void aRetryWaitsAtLeastWhatRetryAfterAsks() {
    MockService orders = gateway.mocks.orders();
    orders.setKnobs(Knobs.none().withErrorStatus(429).withRetryAfter(1).withFaultRate(50)); // 429, then data

    JsonObject body = post(ORDERS, "5s");

    assertThat(body.containsKey("errors")).as(body.encode()).isFalse();
    List<RecordedRequest> calls = orders.requests();
    assertThat(calls).hasSize(2);
    assertThat(TimeUnit.NANOSECONDS.toMillis(calls.get(1).receivedAtNanos() - calls.get(0).receivedAtNanos()))
        .as("the retry waited for Retry-After: 1").isGreaterThanOrEqualTo(1_000);
  }

  private static JsonObject post(String query, String timeout) {
    return gateway.post(Buffer.buffer(new JsonObject().put("query", query).put("variables",
            Map.of("id", "42")).encode()), MultiMap.caseInsensitiveMultiMap()
        .add("content-type", "application/json").add("sheaf-timeout", timeout)).bodyAsJsonObject();
  }

  @Test
  void onceTheBudgetIsSpentAFailedCallIsNotRetried() {
    MockService recommendations = gateway.mocks.recommendations();
    recommendations.setKnobs(Knobs.none().withErrorStatus(503));

    for (int i = 0; i < 3; i++) {
      JsonObject extensions = firstErrorExtensions(gateway.query(RECOMMENDATIONS, Map.of("id", "42")));
      assertThat(extensions.getString("code")).isEqualTo("BACKEND_ERROR");
    }

    // The budget's one retry went to the first request; 1 % of three calls buys no other.
    assertThat(recommendations.calls()).isEqualTo(2 + 1 + 1);
  }

  @Test
  void retriesAreOffUnlessDeclared() {
    MockService users = gateway.mocks.users();
    users.setKnobs(Knobs.none().withErrorStatus(503));

    firstErrorExtensions(gateway.query("query($id: ID!) { user(id: $id) { name } }", Map.of("id", "42")));

    assertThat(users.calls()).as("users has no retry: off by default").isEqualTo(1);
  }
}

package dev.sheaf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.config.GatewayConfig;
import dev.sheaf.config.SheddingConfig;
import dev.sheaf.mock.Eventually;
import dev.sheaf.mock.Knobs;
import dev.sheaf.mock.MockService;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Past shedding.maxInFlight client requests, a new one is answered 503 with Retry-After before it
 * costs a backend call, while the probes and the admin port still answer; a request whose deadline
 * has passed is refused before any backend call. The real gateway over the wire to the mocks.
 */
class LoadSheddingTest {

  private static final String QUERY = "query($id: ID!) { user(id: $id) { name recommendations { id } } }";
  private static final int MAX_IN_FLIGHT = 2;

  // recommendations: a timeout longer than the requests' deadline, so a hung call holds its request.
  @RegisterExtension
  static final TestGateway gateway = TestGateway.perClass(GatewayConfig.defaults()
      .withShedding(new SheddingConfig(MAX_IN_FLIGHT, Duration.ZERO, Duration.ofMillis(2500))))
      .withResolvers(TestGateway.sampleResolvers(text -> text
        .replace("7104}\n    timeout: 300ms", "7104}\n    timeout: 20s\n    circuitBreaker: off")));

  private static Future<HttpResponse<Buffer>> send(String timeout) {
    return sendTo(gateway, timeout);
  }

  @Test
  void aRequestPastTheLimitGets503WithRetryAfterWhileProbesAndAdminStillAnswer() {
    MockService recommendations = gateway.mocks.recommendations();
    recommendations.setKnobs(Knobs.none().withHang(true));
    List<Future<HttpResponse<Buffer>>> held = List.of(send("3s"), send("3s"));
    TestGateway.await(Eventually.holds(gateway.vertx, Duration.ofSeconds(20), () -> recommendations.inFlight() == 2));
    int usersCalls = gateway.mocks.users().calls();

    HttpResponse<Buffer> shed = TestGateway.await(send("3s"));
    assertThat(shed.statusCode()).isEqualTo(503);
    assertThat(shed.getHeader("retry-after")).isEqualTo("3"); // 2.5 s, rounded up to whole seconds
    assertThat(shed.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getJsonObject("extensions")
        .getString("code")).isEqualTo("OVERLOADED");
    assertThat(TestGateway.await(gateway.client.get("/health").send()).statusCode()).isEqualTo(200);
    assertThat(TestGateway.await(gateway.client.get("/ready").send()).statusCode()).isEqualTo(200);
    HttpResponse<Buffer> metrics = TestGateway.await(
        gateway.client.get(gateway.sheaf.adminPort(), "127.0.0.1", "/metrics").send());
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.bodyAsString()).contains("sheaf_client_requests_shed_total{reason=\"in_flight\"} 1.0")
        .contains("sheaf_client_requests_in_flight 2.0");
    assertThat(gateway.mocks.users().calls()).as("a shed request calls no backend").isEqualTo(usersCalls);
    assertThat(recommendations.calls()).isEqualTo(2);

    for (Future<HttpResponse<Buffer>> answer : held) {
      JsonObject body = TestGateway.await(answer).bodyAsJsonObject();
      assertThat(body.getJsonArray("errors").getJsonObject(0).getJsonObject("extensions").getString("code"))
          .isEqualTo("BACKEND_TIMEOUT");
    }
    // Their answers sent, their places are free again: the next requests are served.
    recommendations.setKnobs(Knobs.none());
    for (int i = 0; i < 3; i++) {
      HttpResponse<Buffer> served = TestGateway.await(send("3s"));
      assertThat(served.statusCode()).isEqualTo(200);
      assertThat(served.bodyAsJsonObject().containsKey("errors")).as(served.bodyAsString()).isFalse();
    }
  }

  @Test
  void aRequestWhoseDeadlineHasPassedIsRefusedBeforeAnyBackendCall() {
    HttpResponse<Buffer> refused = gateway.post(Buffer.buffer(new JsonObject().put("query", QUERY)
            .put("variables", Map.of("id", "42")).encode()),
        MultiMap.caseInsensitiveMultiMap().add("content-type", "application/json").add("sheaf-timeout", "0ms"));

    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(refused.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getJsonObject("extensions")
        .getString("code")).isEqualTo("DEADLINE_EXCEEDED");
    assertThat(gateway.mocks.users().calls()).isZero();
    assertThat(gateway.mocks.recommendations().calls()).isZero();
  }

  @Test
  void whileAnEventLoopRunsLateNewRequestsAreShedButProbesStillAnswer() {
    // Every timer runs at least some nanoseconds late: a limit of 1 ns sheds once a loop has measured itself.
    SheddingConfig lateAtOnce = new SheddingConfig(1000, Duration.ofNanos(1), Duration.ofSeconds(1));
    try (TestGateway late = TestGateway.start(GatewayConfig.defaults().withShedding(lateAtOnce))) {
      HttpResponse<Buffer> answer = late.get("/graphql?query=%7B__typename%7D");
      long until = System.currentTimeMillis() + 20_000;
      while (answer.statusCode() != 503 && System.currentTimeMillis() < until) {
        answer = late.get("/graphql?query=%7B__typename%7D");
      }

      assertThat(answer.statusCode()).isEqualTo(503);
      assertThat(answer.getHeader("retry-after")).isEqualTo("1");
      assertThat(late.get("/health").statusCode()).isEqualTo(200);
      assertThat(TestGateway.await(late.client.get(late.sheaf.adminPort(), "127.0.0.1", "/metrics").send())
          .bodyAsString()).containsPattern("sheaf_client_requests_shed_total\\{reason=\"event_loop_delay\"} [1-9]");
    }
  }

  @Test
  void pastTheAdaptiveLimitWhileTheCpuRunsOverItsTargetNewRequestsAreShedAsAdaptive() {
    // A target of 0 CPU: every probe finds the gateway over it, so the limit falls to its floor after two.
    SheddingConfig adaptive = new SheddingConfig(1000, Duration.ZERO, Duration.ofSeconds(1), true, 0);
    // One loop: a floor of 4, under the test client's 5 connections per host.
    GatewayConfig config = GatewayConfig.defaults().withShedding(adaptive).withEventLoops(1);
    int floor = 4;
    Path resolvers = TestGateway.sampleResolvers(text -> text
        .replace("7104}\n    timeout: 300ms", "7104}\n    timeout: 20s\n    circuitBreaker: off"));
    try (TestGateway late = TestGateway.start(config, resolvers)) {
      awaitMetric(late, "sheaf_client_requests_adaptive_limit " + floor + ".0");
      MockService recommendations = late.mocks.recommendations();
      recommendations.setKnobs(Knobs.none().withHang(true));
      List<Future<HttpResponse<Buffer>>> held = new ArrayList<>();
      for (int i = 0; i < floor; i++) {
        held.add(sendTo(late, "3s"));
      }
      awaitMetric(late, "sheaf_client_requests_in_flight " + floor + ".0");

      HttpResponse<Buffer> shed = TestGateway.await(sendTo(late, "3s"));
      assertThat(shed.statusCode()).isEqualTo(503);
      assertThat(shed.getHeader("retry-after")).isEqualTo("1");
      assertThat(late.get("/ready").statusCode()).isEqualTo(200);
      assertThat(adminMetrics(late)).contains("sheaf_client_requests_shed_total{reason=\"adaptive\"} 1.0")
          .contains("sheaf_client_requests_shed_total{reason=\"in_flight\"} 0.0");
      assertThat(late.mocks.users().calls()).as("the shed request called no backend").isEqualTo(floor);
      recommendations.setKnobs(Knobs.none());
      for (Future<HttpResponse<Buffer>> answer : held) {
        assertThat(TestGateway.await(answer).statusCode()).isEqualTo(200);
      }
    }
  }

  private static Future<HttpResponse<Buffer>> sendTo(TestGateway target, String timeout) {
    String body = new JsonObject().put("query", QUERY).put("variables", Map.of("id", "42")).encode();
    return target.client.post("/graphql").putHeader("content-type", "application/json")
        .putHeader("sheaf-timeout", timeout).sendBuffer(Buffer.buffer(body));
  }

  /** Polls the admin port's metrics until they hold {@code line}, for at most 20 s. */
  private static void awaitMetric(TestGateway target, String line) {
    long until = System.currentTimeMillis() + 20_000;
    while (!adminMetrics(target).contains(line) && System.currentTimeMillis() < until) {
      TestGateway.await(Future.<Void>future(p -> target.vertx.setTimer(50, id -> p.complete())));
    }
    assertThat(adminMetrics(target)).contains(line);
  }

  private static String adminMetrics(TestGateway target) {
    return TestGateway.await(target.client.get(target.sheaf.adminPort(), "127.0.0.1", "/metrics").send()).bodyAsString();
  }
}

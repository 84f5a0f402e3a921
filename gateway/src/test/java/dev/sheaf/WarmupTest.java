package dev.sheaf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.config.GatewayConfig;
import dev.sheaf.config.WarmupConfig;
import dev.sheaf.mock.MockBackend;
import dev.sheaf.warmup.Warmup;
import dev.sheaf.warmup.WarmupReport;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The warm-up before readiness: the configuration's operations run, no backend is called, nothing users see changes. */
class WarmupTest {

  private static final String ACCESS_LOGGER = "sheaf.access";

  @Test
  void warmsUpWithoutCallingBackendsThenTurnsReadyAndServesNormally() throws Exception {
    GatewayConfig warming = GatewayConfig.defaults().withWarmup(new WarmupConfig(true, Duration.ofSeconds(2)));
    try (CapturedLog log = new CapturedLog(); TestGateway gateway = TestGateway.startWarmingUp(warming)) {
      // Listening, still warming up: not ready, so no load balancer sends traffic yet.
      assertThat(gateway.get("/ready").statusCode()).isEqualTo(503);

      WarmupReport report = TestGateway.await(gateway.sheaf.ready());

      assertThat(gateway.get("/ready").statusCode()).isEqualTo(200);
      assertThat(report.operations()).as("endpoints and generated root-field queries").isGreaterThan(5);
      assertThat(report.requests()).as(report.toString()).isGreaterThan(report.operations());
      assertThat(report.notOk()).as("every operation answered 2xx: its path and query parameters given as a client"
          + " gives them (GET /api/v1/quote reads ?ids=)").isZero();
      assertThat(report.restCalls()).as("REST calls went through the HTTP client, to the loopback answers")
          .isGreaterThan(report.operations());
      assertThat(report.connections()).as("clients' connections come and go: one request in %d asks for a new one",
          Warmup.NEW_CONNECTION_EVERY).isGreaterThanOrEqualTo(report.requests() / Warmup.NEW_CONNECTION_EVERY)
          .isGreaterThan(8);
      assertThat(report.restConnections()).as("and so do backends': the loopback server closes one in %d",
          Warmup.NEW_CONNECTION_EVERY).isGreaterThanOrEqualTo(report.restCalls() / Warmup.NEW_CONNECTION_EVERY)
          .isGreaterThan(1);
      assertThat(report.grpcCalls()).as("gRPC calls went through the gRPC client, to the loopback gRPC server")
          .isGreaterThan(0);
      assertThat(report.accessLines()).as("access lines went through the log's encoder, into a dropped stream")
          .isGreaterThanOrEqualTo(report.requests() - report.notOk()).isPositive();
      assertThat(gateway.mocks.all()).as("no backend was called during the warm-up")
          .allSatisfy(mock -> assertThat(mock.calls()).as(mock.toString()).isZero());
      assertThat(log.text()).as("no access line of the warm-up reached the log").doesNotContain(ACCESS_LOGGER);
      String metrics = adminMetrics(gateway);
      assertThat(metrics).as("the warm-up's requests and calls are in no metric")
          .doesNotContain("sheaf_client_requests_seconds_count{").doesNotContain("sheaf_backend_calls_seconds_count{");

      HttpResponse<Buffer> answer = gateway.post(new JsonObject().put("query", MetricsTest.HOME)
          .put("variables", Map.of("id", "42")).toBuffer(), MultiMap.caseInsensitiveMultiMap()
          .add("X-Request-Id", "after-warmup"));
      JsonObject home = answer.bodyAsJsonObject().getJsonObject("data");

      assertThat(answer.bodyAsJsonObject().containsKey("errors")).as(answer.bodyAsString()).isFalse();
      assertThat(home.getJsonObject("user").getString("name")).isNotBlank();
      assertThat(home.getJsonObject("user").getJsonArray("recommendations").getJsonObject(0)
          .getJsonObject("stock").getInteger("available")).isNotNull();
      assertThat(gateway.mocks.users().calls()).isEqualTo(1);
      assertThat(gateway.mocks.inventory().calls()).as("the stock, from the real gRPC backend").isEqualTo(1);
      assertThat(adminMetrics(gateway)).contains("sheaf_backend_calls_seconds_count{");
      assertThat(AccessLogTest.lineOf(log, "after-warmup")).as("users' requests are logged as before")
          .contains(ACCESS_LOGGER);
    }
  }

  @Test
  void aGatewayWithoutWarmupIsReadyAsSoonAsItListens() {
    try (TestGateway gateway = TestGateway.start()) {
      assertThat(TestGateway.await(gateway.sheaf.ready())).isEqualTo(WarmupReport.NONE);
      assertThat(gateway.get("/ready").statusCode()).isEqualTo(200);
    }
  }

  private static String adminMetrics(TestGateway gateway) {
    HttpResponse<Buffer> response = TestGateway.await(
        gateway.client.get(gateway.sheaf.adminPort(), "127.0.0.1", "/metrics").send());
    return response.bodyAsString();
  }
}

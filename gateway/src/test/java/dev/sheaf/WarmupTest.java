package dev.sheaf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.config.GatewayConfig;
import dev.sheaf.config.WarmupConfig;
import dev.sheaf.mock.MockBackend;
import dev.sheaf.warmup.WarmupReport;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The warm-up before readiness: the configuration's operations run, no backend is called, nothing users see changes. */
class WarmupTest {

  @Test
  void warmsUpWithoutCallingBackendsThenTurnsReadyAndServesNormally() {
    GatewayConfig warming = GatewayConfig.defaults().withWarmup(new WarmupConfig(true, Duration.ofSeconds(2)));
    try (TestGateway gateway = TestGateway.startWarmingUp(warming)) {
      // Listening, still warming up: not ready, so no load balancer sends traffic yet.
      assertThat(gateway.get("/ready").statusCode()).isEqualTo(503);

      WarmupReport report = TestGateway.await(gateway.sheaf.ready());

      assertThat(gateway.get("/ready").statusCode()).isEqualTo(200);
      assertThat(report.operations()).as("endpoints and generated root-field queries").isGreaterThan(5);
      assertThat(report.requests()).as(report.toString()).isGreaterThan(report.operations());
      assertThat(report.restCalls()).as("REST calls went through the HTTP client, to the loopback answers")
          .isGreaterThan(report.operations());
      assertThat(gateway.mocks.all()).as("no backend was called during the warm-up")
          .allSatisfy(mock -> assertThat(mock.calls()).as(mock.toString()).isZero());
      String metrics = adminMetrics(gateway);
      assertThat(metrics).as("the warm-up's requests and calls are in no metric")
          .doesNotContain("sheaf_client_requests_seconds_count{").doesNotContain("sheaf_backend_calls_seconds_count{");

      JsonObject home = gateway.graphqlData(HomeScreenTest.HOME, Map.of("id", "42"));

      assertThat(home.getJsonObject("user").getString("name")).isNotBlank();
      assertThat(home.getJsonObject("user").getJsonArray("recommendations")).isNotEmpty();
      assertThat(gateway.mocks.users().calls()).isEqualTo(1);
      assertThat(adminMetrics(gateway)).contains("sheaf_backend_calls_seconds_count{");
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

package dev.sheaf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.auth.AuthMode;
import dev.sheaf.config.GatewayConfig;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One access log line per client request on {@code sheaf.access}: its ids, operation, route, status,
 * duration, outcome and backend calls, and never a token or a cookie. Runs in the build's
 * {@code access-log} test execution, which sets that logger to info.
 */
@EnabledIfSystemProperty(named = "org.slf4j.simpleLogger.log.sheaf.access", matches = "info")
class AccessLogTest {

  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

  @RegisterExtension
  static final TestGateway gateway = TestGateway.perClass().trustingIdentityProvider(AuthMode.OPTIONAL);

  /** The first calls of a fresh JVM can outlast a backend's timeout: not what is tested here. */
  @BeforeAll
  static void warmUp() {
    gateway.query(WaterfallTest.HOME, Map.of("id", "42"));
    gateway.get("/api/v1/home/42");
  }

  @Test
  void eachRequestIsOneLineWithItsCallsAndNoCredentials() throws Exception {
    String token = gateway.token("42");
    try (CapturedLog log = new CapturedLog()) {
      HttpResponse<Buffer> response = gateway.post(new JsonObject().put("query", WaterfallTest.HOME)
          .put("variables", Map.of("id", "42")).toBuffer(), MultiMap.caseInsensitiveMultiMap()
          .add("X-Request-Id", "access-1")
          .add("authorization", "Bearer " + token)
          .add("cookie", "session=cookie-secret-value")
          .add("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01"));
      HttpResponse<Buffer> refused = gateway.send(HttpMethod.GET, "/graphql",
          MultiMap.caseInsensitiveMultiMap().add("X-Request-Id", "access-2"));

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(refused.statusCode()).isEqualTo(400);
      String line = lineOf(log, "access-1");
      assertThat(line).contains("sheaf.access").contains("requestId=access-1").contains("traceId=" + TRACE_ID)
          .contains("transport=graphql").contains("route=/graphql").contains("operationName=Home")
          .contains("operationType=query").contains("status=200").contains("outcome=complete")
          .containsPattern("durationMs=[0-9.]+");
      // The calls as a JSON array: backend, template (never the rendered URL), outcome, duration.
      String calls = line.substring(line.indexOf("calls=") + "calls=".length(), line.indexOf("]", line.indexOf("calls=")) + 1);
      io.vertx.core.json.JsonArray parsed = new io.vertx.core.json.JsonArray(calls);
      assertThat(parsed).hasSize(5);
      assertThat(parsed.getJsonObject(0).getString("backend")).isEqualTo("users");
      assertThat(parsed.getJsonObject(0).getString("route")).isEqualTo("GET /users/{args.id}");
      assertThat(parsed.getJsonObject(0).getString("outcome")).isEqualTo("ok");
      assertThat(parsed.getJsonObject(0).getDouble("durationMs")).isPositive();
      assertThat(lineOf(log, "access-2")).contains("status=400").contains("outcome=rejected").contains("calls=[]");
      assertThat(log.text()).doesNotContain(token).doesNotContain(token.substring(token.lastIndexOf('.') + 1))
          .doesNotContain("cookie-secret-value").doesNotContain("/users/42");
    }
  }

  @Test
  void theAccessLogCanBeTurnedOff() throws Exception {
    try (TestGateway quiet = TestGateway.start(GatewayConfig.defaults()
        .withInsight(GatewayConfig.defaults().insight().withAccessLog(false)));
         CapturedLog log = new CapturedLog()) {
      HttpResponse<Buffer> response = quiet.send(HttpMethod.GET, "/api/v1/home/42",
          MultiMap.caseInsensitiveMultiMap().add("X-Request-Id", "quiet-1"));
      HttpResponse<Buffer> logged = gateway.send(HttpMethod.GET, "/api/v1/home/42",
          MultiMap.caseInsensitiveMultiMap().add("X-Request-Id", "loud-1"));

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(logged.statusCode()).isEqualTo(200);
      assertThat(lineOf(log, "loud-1")).contains("route=/api/v1/home/{userId}").contains("transport=rest");
      assertThat(log.text()).doesNotContain("quiet-1");
    }
  }

  @Test
  void theAccessLoggerIsTurnedOffAndOnOnTheAdminPort() throws Exception {
    try (CapturedLog log = new CapturedLog()) {
      HttpResponse<Buffer> off = setLevel("OFF");
      HttpResponse<Buffer> unlogged = gateway.send(HttpMethod.GET, "/api/v1/home/42",
          MultiMap.caseInsensitiveMultiMap().add("X-Request-Id", "while-off-1"));
      awaitKept("while-off-1");
      HttpResponse<Buffer> on = setLevel("INFO");
      HttpResponse<Buffer> logged = gateway.send(HttpMethod.GET, "/api/v1/home/42",
          MultiMap.caseInsensitiveMultiMap().add("X-Request-Id", "while-on-1"));

      assertThat(off.statusCode()).isEqualTo(200);
      assertThat(off.bodyAsJsonObject().getString("effectiveLevel")).isEqualTo("OFF");
      assertThat(on.bodyAsJsonObject().getString("configuredLevel")).isEqualTo("INFO");
      assertThat(unlogged.statusCode()).isEqualTo(200);
      assertThat(logged.statusCode()).isEqualTo(200);
      // Its line would have been written before the request was kept, while the logger was off.
      assertThat(lineOf(log, "while-on-1")).contains("route=/api/v1/home/{userId}");
      assertThat(log.text()).doesNotContain("while-off-1");
    } finally {
      setLevel("INFO");
    }
  }

  /** Waits until the admin port keeps the request, which is after its access line was written or not. */
  private static void awaitKept(String requestId) throws InterruptedException {
    long until = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < until) {
      if (TestGateway.await(gateway.client.get(gateway.sheaf.adminPort(), "127.0.0.1", "/requests/" + requestId)
          .putHeader("accept", "application/json").send()).statusCode() == 200) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the admin port never kept " + requestId);
  }

  private static HttpResponse<Buffer> setLevel(String level) {
    return TestGateway.await(gateway.client.put(gateway.sheaf.adminPort(), "127.0.0.1", "/loggers/sheaf.access")
        .sendJsonObject(new JsonObject().put("level", level)));
  }

  /** The access line of a request: written when its answer ended, so it may come just after the answer. */
  static String lineOf(CapturedLog log, String requestId) throws InterruptedException {
    long until = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < until) {
      Optional<String> line = log.text().lines().filter(l -> l.contains("requestId=" + requestId + " ")).findFirst();
      if (line.isPresent()) {
        return line.get();
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no access line for " + requestId + " in:\n" + log.text());
  }
}

package dev.sheaf;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sheaf.auth.AuthMode;
import dev.sheaf.config.GatewayConfig;
import dev.sheaf.config.LogsConfig;
import dev.sheaf.config.ObservabilityConfig;
import dev.sheaf.config.TracingConfig;
import dev.sheaf.logging.LogSetup;
import dev.sheaf.mock.Eventually;
import dev.sheaf.mock.Knobs;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * The gateway's own log setup (the one {@code Main} installs), with every logger of the gateway at
 * debug: JSON lines with the request's ids, key-value pairs as fields, and no credential anywhere.
 */
class LogsTest {

  static final Vertx RECEIVER_VERTX = Vertx.vertx();
  static final OtlpReceiver RECEIVER = OtlpReceiver.start(RECEIVER_VERTX);

  @RegisterExtension
  static final TestGateway gateway = TestGateway.perClass(GatewayConfig.defaults().withObservability(
          new ObservabilityConfig(new TracingConfig(URI.create(RECEIVER.endpoint()), 1.0, TracingConfig.Parents.TRUST,
              TracingConfig.DEFAULT_QUEUE_SIZE), LogsConfig.defaults())))
      .trustingIdentityProvider(AuthMode.OPTIONAL);

  static final ObjectMapper JSON = new ObjectMapper();
  static final String QUERY = "query Me($id: ID!) { user(id: $id) { name orders(limit: 1) { id } } }";

  @AfterEach
  void backToTheTestsLogSetup() throws Exception {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    new ContextInitializer(context).autoConfig();
  }

  @AfterAll
  static void stopReceiver() {
    RECEIVER.close();
    TestGateway.await(RECEIVER_VERTX.close());
  }

  @Test
  void jsonLinesCarryTheRequestIdTraceIdAndKeyValuePairsAsFields() throws IOException {
    String text;
    try (CapturedLog log = CapturedLog.stdout()) {
      install(new LogsConfig(LogsConfig.Format.JSON, Map.of("dev.sheaf", "debug")));
      // An unreachable backend is logged at debug, on the event loop, in the middle of the request.
      gateway.mocks.orders().setKnobs(Knobs.none().withResetConnection(true));
      var response = gateway.post(body(), MultiMap.caseInsensitiveMultiMap().add("x-request-id", "req-logs-1")
          .add("content-type", "application/json"));
      assertThat(response.statusCode()).isEqualTo(200);
      LoggerFactory.getLogger("sheaf.access").atInfo().addKeyValue("status", 200).addKeyValue("outcome", "partial")
          .log("request done");
      // The access line is written on the event loop when the answer has gone out, and reaches stdout with
      // the next batch of lines: it may come a moment later.
      TestGateway.await(Eventually.holds(gateway.vertx, Duration.ofSeconds(10),
          () -> log.text().contains("request done")
              && log.text().lines().anyMatch(line -> line.contains("sheaf.access") && line.contains("\"req-logs-1\""))));
      text = log.text();
    }

    List<JsonNode> lines = jsonLines(text);
    JsonNode unavailable = lines.stream().filter(line -> line.path("message").asText().contains("orders unavailable"))
        .findFirst().orElseThrow(() -> new AssertionError("no debug line of the failed call in:\n" + text));
    assertThat(unavailable.path("level").asText()).isEqualTo("DEBUG");
    assertThat(unavailable.path("logger").asText()).isEqualTo("dev.sheaf.backend.RestBackend");
    assertThat(unavailable.path("timestamp").asText()).isNotEmpty();
    assertThat(unavailable.path("requestId").asText()).isEqualTo("req-logs-1");
    String traceparent = gateway.mocks.users().requests().get(0).header("traceparent");
    assertThat(unavailable.path("traceId").asText()).isEqualTo(traceparent.split("-")[1]);
    assertThat(unavailable.path("spanId").asText()).matches("[0-9a-f]{16}");

    // The gateway's own access line: its fields are JSON fields, each once, the trace the gateway's.
    JsonNode served = lines.stream().filter(line -> line.path("logger").asText().equals("sheaf.access")
        && line.path("requestId").asText().equals("req-logs-1")).findFirst().orElseThrow();
    assertThat(served.path("traceId").asText()).isEqualTo(traceparent.split("-")[1]);
    assertThat(served.path("status").asInt()).isEqualTo(200);
    // Its calls a JSON array of objects: backend, template (never the rendered URL), outcome, duration.
    JsonNode firstCall = served.path("calls").path(0);
    assertThat(served.path("calls").isArray()).isTrue();
    assertThat(firstCall.path("backend").asText()).isEqualTo("users");
    assertThat(firstCall.path("route").asText()).isEqualTo("GET /users/{args.id}");
    assertThat(firstCall.path("outcome").asText()).isEqualTo("ok");
    assertThat(firstCall.path("durationMs").isNumber()).isTrue();
    assertThat(served.path("calls").findValuesAsText("outcome")).contains("BACKEND_UNAVAILABLE");
    assertThat(text.lines().filter(line -> line.contains("\"req-logs-1\"") && line.contains("sheaf.access")))
        .allSatisfy(line -> assertThat(line.split("\"requestId\"", -1)).hasSize(2));

    JsonNode access = lines.stream().filter(line -> line.path("message").asText().equals("request done"))
        .findFirst().orElseThrow();
    assertThat(access.path("logger").asText()).isEqualTo("sheaf.access");
    assertThat(access.path("status").asInt()).isEqualTo(200);
    assertThat(access.path("outcome").asText()).isEqualTo("partial");
    // Written outside any request: no ids of another request leak onto it.
    assertThat(access.has("requestId")).isFalse();
  }

  @Test
  void tokensCookiesAndAuthorizationNeverReachTheLogInEitherFormat() throws IOException {
    String token = gateway.token("42");
    String signature = token.substring(token.lastIndexOf('.') + 1);
    for (LogsConfig.Format format : LogsConfig.Format.values()) {
      String text;
      try (CapturedLog log = CapturedLog.stdout()) {
        install(new LogsConfig(format, Map.of("dev.sheaf", "debug", "io.vertx", "debug", "io.netty", "debug")));
        gateway.mocks.orders().setKnobs(Knobs.none().withErrorStatus(500));
        var response = gateway.post(body(), MultiMap.caseInsensitiveMultiMap()
            .add("authorization", "Bearer " + token).add("cookie", "session=" + token)
            .add("content-type", "application/json"));
        assertThat(response.statusCode()).isEqualTo(200);
        // What a careless line could hold: the header as a field, in a message, in an exception.
        LoggerFactory.getLogger("sheaf.access").atInfo()
            .addKeyValue("authorization", "Bearer " + token)
            .addKeyValue("cookie", "session=" + token)
            .addKeyValue("query", "token=" + token)
            .addKeyValue("calls", List.of(Map.of("route", "GET /me?auth=Bearer " + token)))
            .log("request with Authorization: Bearer {}", token);
        IllegalStateException refused = new IllegalStateException("bad token " + token);
        refused.setStackTrace(new StackTraceElement[0]); // its message is the point, not where it was made
        LoggerFactory.getLogger(LogsTest.class).warn("refused", refused);
        text = log.text();
      }
      assertThat(text).as(format.name()).contains("request with Authorization").contains(LogSetup.MASK)
          .doesNotContain(token).doesNotContain(signature);
      if (format == LogsConfig.Format.JSON) {
        assertThat(jsonLines(text)).as("every line is JSON").isNotEmpty();
      }
    }
  }

  /** What Main applies; here over the tests' own logback-test.xml, which apply() would leave alone. */
  private static void install(LogsConfig config) {
    LogSetup.install((LoggerContext) LoggerFactory.getILoggerFactory(), config);
  }

  private static io.vertx.core.buffer.Buffer body() {
    return new JsonObject().put("query", QUERY).put("variables", Map.of("id", "42")).toBuffer();
  }

  /** Every line of the text, each of which must be one JSON object. */
  private static List<JsonNode> jsonLines(String text) throws IOException {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode node = JSON.readTree(line);
      assertThat(node.isObject()).as(line).isTrue();
      lines.add(node);
    }
    return lines;
  }
}

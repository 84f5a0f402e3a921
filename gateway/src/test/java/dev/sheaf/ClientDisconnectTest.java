package dev.sheaf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.config.GatewayConfig;
import dev.sheaf.mock.Eventually;
import dev.sheaf.mock.Knobs;
import dev.sheaf.mock.MockBackend;
import dev.sheaf.mock.inventory.GrpcKnobs;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that hangs up before its answer frees the backends at once: its calls in flight are
 * cancelled, not left to run until their timeouts. The sample bindings run here with 30 s backend
 * timeouts, so only the cancellation can end a hanging call within the test's bounds.
 */
class ClientDisconnectTest {

  @TempDir
  static Path resolvers;

  static TestGateway gateway;
  static HttpClient client;

  @BeforeAll
  static void start() throws IOException {
    TestGateway.copySampleResolvers(resolvers, text -> text.replaceAll("timeout: \\S+", "timeout: 30s"));
    gateway = TestGateway.start(GatewayConfig.defaults(), resolvers);
    client = gateway.vertx.createHttpClient();
  }

  @AfterAll
  static void stop() {
    TestGateway.await(client.close());
    gateway.close();
  }

  @BeforeEach
  void reset() {
    gateway.mocks.setKnobsForAll(Knobs.none());
    gateway.mocks.resetStats();
  }

  @Test
  void aRestCallInFlightIsCancelledWhenTheClientHangsUp() {
    gateway.mocks.orders().setKnobs(Knobs.none().withHang(true));

    hangUpWhileWaitingOn(gateway.mocks.orders(), "{ user(id: \"42\") { name orders { id } } }");

    assertGatewayStillServes();
  }

  @Test
  void aGrpcCallInFlightIsCancelledWhenTheClientHangsUp() {
    gateway.mocks.inventory().setKnobs(GrpcKnobs.none().withHang(true));

    hangUpWhileWaitingOn(gateway.mocks.inventory(), "{ product(id: \"p1\") { name stock { available } } }");

    assertGatewayStillServes();
  }

  private static void hangUpWhileWaitingOn(MockBackend hanging, String query) {
    HttpClientRequest request = TestGateway.await(client.request(HttpMethod.POST, gateway.sheaf.port(), "127.0.0.1",
        "/graphql"));
    request.putHeader("content-type", "application/json").putHeader("sheaf-timeout", "25s");
    request.send(new JsonObject().put("query", query).toBuffer());
    TestGateway.await(Eventually.holds(gateway.vertx, Duration.ofSeconds(10), () -> hanging.inFlight() == 1));

    TestGateway.await(request.connection().close());

    // Well inside the 25 s deadline and the 30 s backend timeout: only a cancellation ends it.
    TestGateway.await(Eventually.holds(gateway.vertx, Duration.ofSeconds(10), () -> hanging.inFlight() == 0));
    assertThat(hanging.calls()).isEqualTo(1);
  }

  private static void assertGatewayStillServes() {
    gateway.mocks.setKnobsForAll(Knobs.none());
    JsonObject body = gateway.query("{ user(id: \"42\") { name orders { id } } product(id: \"p1\") { stock { available } } }");
    assertThat(body.containsKey("errors")).as(body.encode()).isFalse();
    assertThat(body.getJsonObject("data").getJsonObject("user").getJsonArray("orders")).isNotEmpty();
    assertThat(body.getJsonObject("data").getJsonObject("product").getJsonObject("stock").getInteger("available"))
        .isNotNull();
  }
}

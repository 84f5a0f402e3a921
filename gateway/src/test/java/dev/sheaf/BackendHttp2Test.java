package dev.sheaf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.config.GatewayConfig;
import dev.sheaf.mock.Eventually;
import dev.sheaf.mock.Knobs;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code http2: true} on a cleartext REST backend: HTTP/2 by prior knowledge, with the timeouts,
 * cancellation and error codes of HTTP/1.1. The catalog backend speaks h2c here, the others HTTP/1.1.
 */
class BackendHttp2Test {

  private static final String USER_AND_PRODUCT = "{ user(id: \"42\") { name } product(id: \"p1\") { name } }";

  @TempDir
  static Path resolvers;
  static TestGateway gateway;

  @BeforeAll
  static void start() throws IOException {
    TestGateway.copySampleResolvers(resolvers, text -> text
        .replace("7103}\n", "7103}\n    http2: true\n"));
    gateway = TestGateway.start(GatewayConfig.defaults(), resolvers);
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @BeforeEach
  void healthy() {
    gateway.mocks.setKnobsForAll(Knobs.none());
    gateway.mocks.resetStats();
  }

  @Test
  void anHttp2BackendIsCalledOverH2cAndTheOthersOverHttp11() {
    JsonObject body = gateway.query(USER_AND_PRODUCT);

    assertThat(body.getJsonArray("errors")).as(body.encode()).isNull();
    assertThat(body.getJsonObject("data").getJsonObject("user").getString("name")).isNotBlank();
    assertThat(gateway.mocks.catalog().requests().get(0).version()).isEqualTo("HTTP_2");
    assertThat(gateway.mocks.users().requests().get(0).version()).isEqualTo("HTTP_1_1");
  }

  @Test
  void aHungHttp2CallTimesOutWithItsCodeItsStreamIsResetAndItsSiblingAnswers() {
    gateway.mocks.catalog().setKnobs(Knobs.none().withHang(true));

    JsonObject body = gateway.query(USER_AND_PRODUCT);

    assertThat(body.getJsonObject("data").getValue("product")).isNull();
    assertThat(body.getJsonObject("data").getJsonObject("user").getString("name")).isNotBlank();
    JsonObject extensions = body.getJsonArray("errors").getJsonObject(0).getJsonObject("extensions");
    assertThat(extensions.getString("code")).isEqualTo("BACKEND_TIMEOUT");
    assertThat(extensions.getString("backend")).isEqualTo("catalog");
    // The backend sees its stream reset (RST_STREAM), not a call left open until its connection closes.
    TestGateway.await(Eventually.holds(gateway.vertx, Duration.ofSeconds(10),
        () -> gateway.mocks.catalog().inFlight() == 0));
    assertThat(gateway.mocks.catalog().calls()).isEqualTo(1);
  }

  @Test
  void anHttp2BackendsErrorStatusIsTheSameCodeAsOverHttp11() {
    gateway.mocks.users().setKnobs(Knobs.none().withErrorStatus(503));
    gateway.mocks.catalog().setKnobs(Knobs.none().withErrorStatus(503));

    JsonObject body = gateway.query(USER_AND_PRODUCT);

    assertThat(body.getJsonArray("errors")).hasSize(2);
    String overHttp2 = codeOf(body, "catalog");
    assertThat(overHttp2).isNotNull().isEqualTo(codeOf(body, "users"));
  }

  private static String codeOf(JsonObject body, String backend) {
    for (int i = 0; i < body.getJsonArray("errors").size(); i++) {
      JsonObject extensions = body.getJsonArray("errors").getJsonObject(i).getJsonObject("extensions");
      if (backend.equals(extensions.getString("backend"))) {
        return extensions.getString("code");
      }
    }
    return null;
  }
}

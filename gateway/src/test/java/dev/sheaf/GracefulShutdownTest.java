package dev.sheaf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.config.GatewayConfig;
import dev.sheaf.mock.Eventually;
import dev.sheaf.mock.Knobs;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A stopping gateway (a rolling deploy's SIGTERM) finishes the requests in flight, over the wire. */
class GracefulShutdownTest {

  @Test
  void aRequestInFlightWhenTheGatewayStopsGetsItsWholeAnswer() {
    TestGateway gateway = TestGateway.start();
    try {
      // Slower than the stop takes to begin, well within the orders' 800 ms timeout.
      gateway.mocks.orders().setKnobs(Knobs.none().withLatency(500));
      Future<HttpResponse<Buffer>> inFlight = gateway.client.post("/graphql")
          .putHeader("content-type", "application/json")
          .sendBuffer(new JsonObject().put("query", "{ user(id: \"42\") { name orders { id } } }").toBuffer());
      TestGateway.await(Eventually.holds(gateway.vertx, Duration.ofSeconds(10),
          () -> gateway.mocks.orders().inFlight() == 1));

      Future<Void> stopped = gateway.sheaf.close();

      HttpResponse<Buffer> answer = TestGateway.await(inFlight);
      assertThat(answer.statusCode()).isEqualTo(200);
      JsonObject body = answer.bodyAsJsonObject();
      assertThat(body.containsKey("errors")).as(body.encode()).isFalse();
      assertThat(body.getJsonObject("data").getJsonObject("user").getJsonArray("orders")).isNotEmpty();
      TestGateway.await(stopped);
      assertThat(gateway.mocks.orders().inFlight()).isZero();
    } finally {
      TestGateway.await(gateway.mocks.closeAsync());
      TestGateway.await(gateway.vertx.close());
    }
  }

  @Test
  void aRequestArrivingOnAnOpenConnectionWhileTheGatewayStopsIsAnsweredNotDropped() throws Exception {
    TestGateway gateway = TestGateway.start();
    try (RawHttpClient client = new RawHttpClient(gateway.sheaf.port())) {
      gateway.mocks.orders().setKnobs(Knobs.none().withLatency(500));
      client.send(post("{ user(id: \"42\") { name orders { id } } }"));
      TestGateway.await(Eventually.holds(gateway.vertx, Duration.ofSeconds(10),
          () -> gateway.mocks.orders().inFlight() == 1));

      Future<Void> stopped = gateway.sheaf.close();
      // The same keep-alive connection, while the first answer is still being made.
      client.send(post("{ user(id: \"7\") { name } }"));

      RawHttpClient.Answer first = client.read();
      assertThat(first.status()).isEqualTo(200);
      assertThat(first.body()).contains("Grace Liskov");
      RawHttpClient.Answer second = client.read();
      assertThat(second.status()).isEqualTo(503);
      assertThat(second.headers()).containsEntry("connection", "close");
      assertThat(second.body()).contains("SHUTTING_DOWN");
      assertThat(client.closedWithin(Duration.ofSeconds(5))).isTrue();
      TestGateway.await(stopped);
      assertThat(gateway.mocks.users().calls()).as("the second request never ran").isEqualTo(1);
    } finally {
      TestGateway.await(gateway.mocks.closeAsync());
      TestGateway.await(gateway.vertx.close());
    }
  }

  @Test
  void anAnswerFinishedWhileTheGatewayStopsSaysConnectionClose() throws Exception {
    TestGateway gateway = TestGateway.start();
    try (RawHttpClient client = new RawHttpClient(gateway.sheaf.port())) {
      gateway.mocks.orders().setKnobs(Knobs.none().withLatency(500));
      client.send(post("{ user(id: \"42\") { name orders { id } } }"));
      TestGateway.await(Eventually.holds(gateway.vertx, Duration.ofSeconds(10),
          () -> gateway.mocks.orders().inFlight() == 1));

      Future<Void> stopped = gateway.sheaf.close();

      RawHttpClient.Answer answer = client.read();
      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.headers()).containsEntry("connection", "close");
      assertThat(client.closedWithin(Duration.ofSeconds(5))).isTrue();
      TestGateway.await(stopped);
    } finally {
      TestGateway.await(gateway.mocks.closeAsync());
      TestGateway.await(gateway.vertx.close());
    }
  }

  @Test
  void anIdleKeepAliveConnectionIsClosedAtOnceNotAtTheEndOfTheGrace() throws Exception {
    TestGateway gateway = TestGateway.start(GatewayConfig.defaults().withShutdownGrace(Duration.ofSeconds(30)));
    try (RawHttpClient client = new RawHttpClient(gateway.sheaf.port())) {
      client.send("GET /health HTTP/1.1\r\nHost: gateway\r\n\r\n");
      assertThat(client.read().status()).isEqualTo(200);

      Future<Void> stopped = gateway.sheaf.close();

      assertThat(client.closedWithin(Duration.ofSeconds(10))).isTrue();
      TestGateway.await(stopped);
    } finally {
      TestGateway.await(gateway.mocks.closeAsync());
      TestGateway.await(gateway.vertx.close());
    }
  }

  private static String post(String query) {
    String body = new JsonObject().put("query", query).encode();
    return "POST /graphql HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\n"
        + "Content-Length: " + body.length() + "\r\n\r\n" + body;
  }
}

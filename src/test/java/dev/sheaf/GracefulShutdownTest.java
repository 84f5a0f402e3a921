package dev.sheaf;

import static org.assertj.core.api.Assertions.assertThat;

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
}

package dev.sheaf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sheaf.server.SelfProbe;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import org.junit.jupiter.api.Test;

/** The configuration check's probe of a just-started gateway, over the wire. */
class SelfProbeTest {

  @Test
  void aServingGatewayAnswersReadyAndTheTrivialQuery() {
    try (TestGateway gateway = TestGateway.start()) {
      SelfProbe.Answers answers = TestGateway.await(SelfProbe.probe(gateway.vertx, gateway.sheaf.port()));

      assertThat(answers).isEqualTo(new SelfProbe.Answers(200, 200));
      // The trivial query needs no backend.
      assertThat(gateway.mocks.users().calls()).isZero();
    }
  }

  @Test
  void aPortThatDoesNotSpeakHttpFailsTheProbe() {
    Vertx vertx = Vertx.vertx();
    try {
      // Accepts connections and closes them at once: no HTTP answer ever comes.
      NetServer closer = TestGateway.await(vertx.createNetServer().connectHandler(socket -> socket.close())
          .listen(0, "127.0.0.1"));

      assertThatThrownBy(() -> TestGateway.await(SelfProbe.probe(vertx, closer.actualPort())))
          .isInstanceOf(RuntimeException.class);
    } finally {
      TestGateway.await(vertx.close());
    }
  }
}

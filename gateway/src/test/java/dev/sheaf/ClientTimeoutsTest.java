package dev.sheaf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.config.ClientTimeouts;
import dev.sheaf.config.GatewayConfig;
import dev.sheaf.mock.Knobs;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that holds a connection without finishing a request, or holds an idle one, is closed
 * after the configured time; an active client is not. Short timeouts here; the bounds asserted are
 * many times longer, so a busy machine does not fail them.
 */
class ClientTimeoutsTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(1);
  private static final Duration BOUND = Duration.ofSeconds(10);

  @TempDir
  static Path resolvers;

  static TestGateway gateway;

  @BeforeAll
  static void start() throws IOException {
    // Backend timeouts of 5 s, so a request can outlast the client timeouts.
    TestGateway.copySampleResolvers(resolvers, text -> text.replaceAll("timeout: \\S+", "timeout: 5s"));
    gateway = TestGateway.start(GatewayConfig.defaults()
        .withClientTimeouts(new ClientTimeouts(TIMEOUT, TIMEOUT, TIMEOUT)), resolvers);
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @BeforeEach
  void reset() {
    gateway.mocks.setKnobsForAll(Knobs.none());
    gateway.mocks.resetStats();
  }

  private static final String HEAD = "POST /graphql HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\n";

  @Test
  void aConnectionThatSendsNothingIsClosed() throws IOException {
    try (RawHttpClient client = new RawHttpClient(gateway.sheaf.port())) {
      assertThat(client.closedWithin(BOUND)).isTrue();
    }
  }

  @Test
  void aClientTricklingItsHeadersIsClosed() throws IOException {
    try (RawHttpClient client = new RawHttpClient(gateway.sheaf.port())) {
      client.send(HEAD);
      // A byte every 100 ms: never idle, never done.
      assertThat(trickleUntilClosed(client, "X-Slow: " + "a".repeat(1000))).isTrue();
    }
  }

  @Test
  void aClientTricklingItsBodyIsClosedAndNoBackendIsCalled() throws IOException {
    try (RawHttpClient client = new RawHttpClient(gateway.sheaf.port())) {
      client.send(HEAD + "Content-Length: 2000\r\n\r\n");
      assertThat(trickleUntilClosed(client, "{\"query\":\"{ user(id: \\\"42\\\") { name } }\"," + " ".repeat(1000)))
          .isTrue();
    }
    assertThat(gateway.mocks.users().calls()).isZero();
  }

  @Test
  void anIdleKeepAliveConnectionIsClosedAfterItsLastAnswer() throws IOException {
    try (RawHttpClient client = new RawHttpClient(gateway.sheaf.port())) {
      client.send("GET /health HTTP/1.1\r\nHost: gateway\r\n\r\n");
      assertThat(client.read().status()).isEqualTo(200);

      assertThat(client.closedWithin(BOUND)).isTrue();
    }
  }

  @Test
  void anActiveKeepAliveClientKeepsItsConnection() throws Exception {
    try (RawHttpClient client = new RawHttpClient(gateway.sheaf.port())) {
      // Three times the timeouts in all, a request every tenth of one.
      for (int i = 0; i < 30; i++) {
        client.send("GET /health HTTP/1.1\r\nHost: gateway\r\n\r\n");
        assertThat(client.read().status()).as("request %d", i).isEqualTo(200);
        Thread.sleep(100);
      }
    }
  }

  @Test
  void aRequestWaitingOnItsBackendLongerThanTheIdleTimeoutIsAnswered() throws IOException {
    // The idle allowance is for the time between requests; a request's own time is its deadline's.
    gateway.mocks.users().setKnobs(Knobs.none().withLatency(2500));
    String query = "{\"query\":\"{ user(id: \\\"42\\\") { name } }\"}";
    try (RawHttpClient client = new RawHttpClient(gateway.sheaf.port())) {
      client.send(HEAD + "Content-Length: " + query.length() + "\r\n\r\n" + query);

      RawHttpClient.Answer answer = client.read();
      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.body()).contains("Grace Liskov");
    }
  }

  /** Sends one byte of {@code text} every 100 ms until the gateway closes the connection or the text runs out. */
  private static boolean trickleUntilClosed(RawHttpClient client, String text) throws IOException {
    for (char c : text.toCharArray()) {
      try {
        client.send(String.valueOf(c));
      } catch (IOException e) {
        return true;  // written to a closed connection
      }
      if (client.closedWithin(Duration.ofMillis(100))) {
        return true;
      }
    }
    return false;
  }
}

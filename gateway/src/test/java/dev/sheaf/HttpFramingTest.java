package dev.sheaf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.config.GatewayConfig;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Requests whose framing is ambiguous or broken, written byte for byte: each is answered 4xx and
 * its connection closed, so nothing hidden in its body runs, and none of it is logged as an error.
 */
class HttpFramingTest {

  // One event loop: a connection's close is handled before the next connection's request.
  @RegisterExtension
  static final TestGateway gateway = TestGateway.perClass(GatewayConfig.defaults().withEventLoops(1));

  private static final String QUERY = "{\"query\":\"{ user(id: \\\"42\\\") { name } }\"}";
  /** A whole second request that asks the users backend; it must never run. */
  private static final String SMUGGLED = "POST /graphql HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\n"
      + "Content-Length: " + QUERY.length() + "\r\n\r\n" + QUERY;

  @Test
  void aRequestWithBothContentLengthAndChunkedIsRefusedAndItsConnectionClosed() throws Exception {
    String body = "0\r\n\r\n" + SMUGGLED;
    try (CapturedLog log = new CapturedLog(); RawHttpClient client = new RawHttpClient(gateway.sheaf.port())) {
      client.send("POST /graphql HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\n"
          + "Content-Length: " + body.length() + "\r\nTransfer-Encoding: chunked\r\n\r\n" + body);

      RawHttpClient.Answer answer = client.read();
      assertThat(answer.status()).isEqualTo(400);
      assertThat(answer.headers()).containsEntry("connection", "close");
      assertThat(answer.body()).contains("\"errors\"").doesNotContain("Exception");
      assertThat(client.closedWithin(Duration.ofSeconds(5))).isTrue();
      assertThat(gateway.mocks.users().calls()).isZero();
      assertThat(log.text()).doesNotContain("ERROR");
    }
  }

  static Stream<String> otherAmbiguousFraming() {
    String head = "POST /graphql HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\n";
    String chunked = Integer.toHexString(SMUGGLED.length()) + "\r\n" + SMUGGLED + "\r\n0\r\n\r\n";
    return Stream.of(
        // TE.CL: a front end that reads Content-Length passes the chunk through as a body
        head + "Transfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n" + chunked,
        head + "Transfer-Encoding: xchunked\r\n\r\n" + chunked,
        head + "Content-Length: 0\r\nContent-Length: " + SMUGGLED.length() + "\r\n\r\n" + SMUGGLED,
        head + "Transfer-Encoding:\r\n chunked\r\nContent-Length: 0\r\n\r\n" + chunked,
        // HTTP/1.0 has no chunked encoding: its framing is faulty (RFC 9112 section 6.1)
        "POST /graphql HTTP/1.0\r\nConnection: keep-alive\r\nContent-Type: application/json\r\n"
            + "Transfer-Encoding: chunked\r\n\r\n" + chunked);
  }

  @ParameterizedTest
  @MethodSource("otherAmbiguousFraming")
  void otherAmbiguousFramingIsRefusedToo(String request) throws Exception {
    try (RawHttpClient client = new RawHttpClient(gateway.sheaf.port())) {
      client.send(request);

      assertThat(client.read().status()).isBetween(400, 499);
      assertThat(client.closedWithin(Duration.ofSeconds(5))).isTrue();
      assertThat(gateway.mocks.users().calls()).isZero();
    }
  }

  @Test
  void anInvalidChunkSizeIsAnswered400AndNotLoggedAsAnError() throws Exception {
    try (CapturedLog log = new CapturedLog(); RawHttpClient client = new RawHttpClient(gateway.sheaf.port())) {
      client.send("POST /graphql HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\n"
          + "Transfer-Encoding: chunked\r\n\r\nzz\r\n" + QUERY + "\r\n0\r\n\r\n");

      RawHttpClient.Answer answer = client.read();
      assertThat(answer.status()).isEqualTo(400);
      assertThat(answer.headers()).containsEntry("connection", "close");
      assertThat(answer.body()).doesNotContain("Exception");
      assertThat(client.closedWithin(Duration.ofSeconds(5))).isTrue();
      assertThat(log.text()).doesNotContain("ERROR").doesNotContain("NumberFormatException");
    }
  }

  @Test
  void aClientThatLeavesMidBodyIsNotLoggedAsAnError() throws Exception {
    try (CapturedLog log = new CapturedLog()) {
      try (RawHttpClient client = new RawHttpClient(gateway.sheaf.port())) {
        client.send("POST /graphql HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\n"
            + "Content-Length: 100\r\nExpect: 100-continue\r\n\r\n");
        // Sent once the gateway has begun to read the body.
        assertThat(client.read().status()).isEqualTo(100);
        client.send("{\"query\":");
      }
      // The router has failed the request by the time the connection counts as closed.
      waitUntil(() -> gateway.sheaf.openConnections() == 0);
      assertThat(gateway.get("/health").statusCode()).isEqualTo(200);

      assertThat(log.text()).doesNotContain("ERROR");
    }
  }

  private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime() - deadline).as("waited 10 s").isNegative();
      Thread.sleep(20);
    }
  }
}

package dev.sheaf.backend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.binding.BackendConfig;
import dev.sheaf.mock.Eventually;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An answer over the backend's maxResponseBytes is refused and its connection dropped, whether declared or streamed. */
class LargeAnswersTest {

  private static final int LIMIT = 64 * 1024;

  private final Vertx vertx = Vertx.vertx();
  private final AtomicInteger closedConnections = new AtomicInteger();
  private HttpServer server;
  private RestBackend backend;

  @BeforeEach
  void start() {
    // "/declared": 1 MiB with a Content-Length; "/streamed": 1 MiB in 16 KiB chunks, no length;
    // "/small": a short answer.
    server = vertx.createHttpServer()
        .connectionHandler(connection -> connection.closeHandler(v -> closedConnections.incrementAndGet()))
        .requestHandler(request -> {
          HttpServerResponse response = request.response();
          switch (request.path()) {
            case "/declared" -> response.end(Buffer.buffer(new byte[1024 * 1024]));
            case "/streamed" -> {
              response.setChunked(true);
              for (int i = 0; i < 64 && !response.closed(); i++) {
                response.write(Buffer.buffer(new byte[16 * 1024]));
              }
              if (!response.closed()) {
                response.end();
              }
            }
            default -> response.end("{\"ok\":true}");
          }
        })
        .listen(0, "127.0.0.1").await();
    BackendConfig config = new BackendConfig("big", URI.create("http://127.0.0.1:" + server.actualPort()),
        null, Duration.ofSeconds(5), 1, List.of(), false, Map.of(), LIMIT);
    backend = new RestBackend(vertx, config);
  }

  @AfterEach
  void stop() {
    backend.close();
    vertx.close().await();
  }

  private Future<BackendResponse> get(String path) {
    return backend.send(new BackendRequest("big", "GET", path, Map.of(), null), Deadline.after(Duration.ofSeconds(5)));
  }

  private static BackendException awaitFailure(Future<?> future) {
    try {
      future.await();
    } catch (BackendException e) {
      return e;
    }
    throw new AssertionError("expected the call to fail, it answered " + future.result());
  }

  @Test
  void declaredOversizedAnswerIsRefusedAndItsConnectionDropped() {
    BackendException failure = awaitFailure(get("/declared"));

    assertThat(failure.code()).isEqualTo(ErrorCode.BAD_BACKEND_RESPONSE);
    assertThat(failure.getMessage()).isEqualTo("Backend 'big' sent a response the gateway cannot use");
    assertThat(failure.detail()).contains("1048576 bytes").contains("maxResponseBytes (65536)");
    assertDroppedAndPoolStillServes();
  }

  @Test
  void streamedOversizedAnswerIsRefusedAndItsConnectionDropped() {
    BackendException failure = awaitFailure(get("/streamed"));

    assertThat(failure.code()).isEqualTo(ErrorCode.BAD_BACKEND_RESPONSE);
    assertThat(failure.detail()).contains("more than 65536 bytes");
    assertDroppedAndPoolStillServes();
  }

  private void assertDroppedAndPoolStillServes() {
    Eventually.holds(vertx, Duration.ofSeconds(10), () -> closedConnections.get() == 1).await();
    // The pool has one connection: the next call gets a new one and its answer.
    BackendResponse small = get("/small").await();
    assertThat(small.body().toString()).isEqualTo("{\"ok\":true}");
  }
}

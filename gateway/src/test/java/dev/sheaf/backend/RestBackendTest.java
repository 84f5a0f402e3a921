package dev.sheaf.backend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.binding.BackendConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The REST client's timer against a real server: a call that runs out of time frees its pooled connection. */
class RestBackendTest {

  private final Vertx vertx = Vertx.vertx();
  private final AtomicInteger fastCalls = new AtomicInteger();
  private HttpServer server;
  private RestBackend backend;

  @BeforeEach
  void start() {
    // "/hang" never answers; "/fast" answers at once and is counted.
    server = vertx.createHttpServer()
        .requestHandler(request -> {
          if (request.path().equals("/fast")) {
            fastCalls.incrementAndGet();
            request.response().end("{\"ok\":true}");
          }
        })
        .listen(0, "127.0.0.1").await();
    BackendConfig config = new BackendConfig("one-connection", URI.create("http://127.0.0.1:" + server.actualPort()),
        null, Duration.ofSeconds(1), 1, List.of(), false, Map.of(), BackendConfig.DEFAULT_MAX_RESPONSE_BYTES);
    backend = new RestBackend(vertx, config);
  }

  @AfterEach
  void stop() {
    backend.close();
    vertx.close().await();
  }

  private Future<BackendResponse> get(String path, long timeoutMillis) {
    return backend.send(new BackendRequest("one-connection", "GET", path, Map.of(), null),
        Deadline.after(Duration.ofMillis(timeoutMillis)));
  }

  @Test
  void aCallThatTimesOutWaitingForTheOnlyConnectionIsNeverSentAndTheConnectionIsReused() {
    Future<BackendResponse> hanging = get("/hang", 1_000);
    Future<BackendResponse> queued = get("/fast", 200);

    Throwable queuedFailure = queued.failed() ? queued.cause() : awaitFailure(queued);
    assertThat(queuedFailure).isInstanceOf(BackendException.class);
    assertThat(((BackendException) queuedFailure).code()).isEqualTo(ErrorCode.BACKEND_TIMEOUT);
    assertThat(hanging.isComplete()).as("the hanging call still holds the connection").isFalse();

    // Waits for the hanging call's timer, which resets it and frees the pool's only connection.
    BackendResponse after = get("/fast", 10_000).await();

    assertThat(awaitFailure(hanging)).isInstanceOf(BackendException.class);
    assertThat(after.status()).isEqualTo(200);
    assertThat(after.body().toString()).isEqualTo("{\"ok\":true}");
    assertThat(fastCalls).as("the queued call was dropped before it was sent").hasValue(1);
  }

  private static Throwable awaitFailure(Future<?> future) {
    try {
      future.await();
    } catch (Exception e) {
      return e;
    }
    throw new AssertionError("expected the call to fail, it answered " + future.result());
  }
}

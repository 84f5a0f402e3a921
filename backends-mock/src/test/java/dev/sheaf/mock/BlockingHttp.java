package dev.sheaf.mock;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * HTTP calls to mock services for tests, mostly blocking so a scenario reads top to bottom. Only for
 * the test thread: blocking is safe there because it is never an event loop. Public for the tests of
 * the gRPC inventory ({@code dev.sheaf.mock.inventory}), whose admin API is HTTP too.
 */
public final class BlockingHttp implements AutoCloseable {

  public static final long TIMEOUT_MS = 5_000;

  private final Vertx vertx;
  private final WebClient client;

  public BlockingHttp(Vertx vertx) {
    this.vertx = vertx;
    this.client = WebClient.create(vertx);
  }

  /** For requests the helpers below do not cover. */
  public WebClient client() {
    return client;
  }

  /** Starts a GET without waiting, for concurrent requests and requests expected to fail. */
  public Future<HttpResponse<Buffer>> start(MockBackend service, String uri) {
    return client.getAbs(service.baseUrl() + uri).timeout(TIMEOUT_MS).send();
  }

  public HttpResponse<Buffer> get(MockBackend service, String uri) throws Exception {
    return await(start(service, uri));
  }

  public HttpResponse<Buffer> send(HttpMethod method, MockBackend service, String uri) throws Exception {
    return await(client.requestAbs(method, service.baseUrl() + uri).timeout(TIMEOUT_MS).send());
  }

  public HttpResponse<Buffer> send(HttpMethod method, MockBackend service, String uri, JsonObject body)
      throws Exception {
    return await(client.requestAbs(method, service.baseUrl() + uri).timeout(TIMEOUT_MS).sendJsonObject(body));
  }

  public HttpResponse<Buffer> send(HttpMethod method, MockBackend service, String uri, Buffer body)
      throws Exception {
    return await(client.requestAbs(method, service.baseUrl() + uri).timeout(TIMEOUT_MS).sendBuffer(body));
  }

  /** Completes once the condition holds, polling on a Vert.x timer rather than sleeping. */
  public Future<Void> eventually(BooleanSupplier condition) {
    return Eventually.holds(vertx, Duration.ofMillis(TIMEOUT_MS), condition);
  }

  public static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(2 * TIMEOUT_MS, TimeUnit.MILLISECONDS);
  }

  public static Throwable awaitFailure(Future<?> future) throws Exception {
    try {
      await(future);
    } catch (ExecutionException e) {
      return e.getCause();
    }
    throw new AssertionError("expected the request to fail, but it succeeded");
  }

  @Override
  public void close() {
    client.close();
  }
}

package dev.sheaf.warmup;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sheaf.backend.BackendRequest;
import dev.sheaf.backend.RestBackend;
import dev.sheaf.binding.BackendConfig;
import dev.sheaf.pipeline.BackendCall;
import dev.sheaf.pipeline.BackendHandler;
import dev.sheaf.pipeline.RestTransport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A loopback HTTP server that answers a warm-up's REST calls with the made-up answers, so the warm-up
 * runs the REST transport too (the HTTP client, its codec, the JSON parse of an answer): the code every
 * real call runs, compiled before the first user's. It listens on 127.0.0.1 only and knows no backend;
 * which answer a call gets travels with it in a header of its own.
 */
final class RehearsalBackend {

  /** The bound route of a warm-up call, read by the loopback server to pick its answer. */
  static final String ROUTE_HEADER = "x-sheaf-rehearsal-route";

  private final Vertx vertx;
  private final RehearsalAnswers answers;
  private final LoopbackServer loopback = new LoopbackServer();

  private final int closeEvery;

  /** @param closeEvery it closes the connection after one answer in this many, as backends now and then do */
  RehearsalBackend(Vertx vertx, RehearsalAnswers answers, int closeEvery) {
    this.vertx = vertx;
    this.answers = answers;
    this.closeEvery = closeEvery;
  }

  /** Listens on a free loopback port; a server that cannot listen leaves the in-process answers in place. */
  Future<Void> start() {
    return loopback.listen(vertx.createHttpServer()
        .requestHandler(request -> {
          String route = request.getHeader(ROUTE_HEADER);
          byte[] answer = route == null ? null : answers.forRoute(route);
          boolean last = loopback.countAnswer() % closeEvery == 0;
          HttpServerResponse response = request.response().setStatusCode(answer == null ? 404 : 200)
              .putHeader("content-type", "application/json");
          if (last) {
            response.putHeader("connection", "close"); // so the client does not send another call on it
          }
          Future<Void> sent = response.end(answer == null ? Buffer.buffer("{}") : Buffer.buffer(answer));
          if (last) {
            sent.onComplete(done -> request.connection().close());
          }
        }));
  }

  /**
   * The transport of one REST backend: over loopback to this server once it listens, in the process
   * ({@code inProcess}) before and for a backend whose calls are not plain REST.
   */
  BackendHandler transport(BackendConfig config, ObjectMapper json, BackendHandler inProcess) {
    if (config.isGrpc()) {
      return inProcess;
    }
    AtomicReference<RestTransport> overLoopback = new AtomicReference<>();
    return call -> {
      int port = loopback.port();
      if (port < 0 || !(call.request() instanceof BackendRequest rest)) {
        return inProcess.handle(call);
      }
      if (overLoopback.get() == null) { // two loops racing here make two clients: one is used, both closed
        RestBackend client = new RestBackend(vertx, loopback(config, URI.create("http://127.0.0.1:" + port), null));
        loopback.madeClient(client::close);
        overLoopback.compareAndSet(null, new RestTransport(client, json));
      }
      Map<String, String> headers = new HashMap<>(rest.headers());
      headers.put(ROUTE_HEADER, call.route());
      BackendCall tagged = call.withRequest(new BackendRequest(rest.backend(), rest.method(), rest.uri(), headers,
          rest.body()));
      return overLoopback.get().handle(tagged);
    };
  }

  /**
   * The backend's settings, pointed at a loopback server ({@code url} for REST, {@code grpc} for gRPC) in
   * cleartext, without the headers it sends a real backend.
   */
  static BackendConfig loopback(BackendConfig config, URI url, BackendConfig.Grpc grpc) {
    return new BackendConfig(config.name(), url, grpc, config.timeout(),
        config.pool(), config.forwardHeaders(), config.forwardAuthorization(), config.claimHeaders(),
        config.maxResponseBytes(), config.circuitBreaker(), config.maxConcurrentCalls(), BackendConfig.Connection.PLAIN,
        null, null, null);
  }

  /** The calls it answered so far. */
  long answered() {
    return loopback.answered();
  }

  /** The connections it accepted so far. */
  long connections() {
    return loopback.connections();
  }

  Future<Void> close() {
    return loopback.close();
  }
}

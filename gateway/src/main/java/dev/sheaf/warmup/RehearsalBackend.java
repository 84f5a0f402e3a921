package dev.sheaf.warmup;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sheaf.backend.RestBackend;
import dev.sheaf.binding.BackendConfig;
import dev.sheaf.pipeline.BackendHandler;
import dev.sheaf.pipeline.RestTransport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.net.URI;

/**
 * A loopback HTTP server that answers a warm-up's REST calls with the made-up answers, so the warm-up
 * runs the REST transport too (the HTTP client, its codec, the JSON parse of an answer): the code every
 * real call runs, compiled before the first user's. It listens on 127.0.0.1 only and knows no backend;
 * it answers a call by its method and path, as a backend would.
 */
final class RehearsalBackend {

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
          byte[] answer = answers.forRequest(request.method().name(), request.uri());
          boolean last = loopback.countAnswer() % closeEvery == 0;
          HttpServerResponse response = request.response().setStatusCode(200)
              .putHeader("content-type", "application/json");
          if (last) {
            response.putHeader("connection", "close"); // so the client does not send another call on it
          }
          Future<Void> sent = response.end(Buffer.buffer(answer));
          if (last) {
            sent.onComplete(done -> request.connection().close());
          }
        }));
  }

  /**
   * The transport of one REST backend: the very {@link RestTransport} users' calls go through, its client
   * pointed at this server; {@code inProcess} when this server does not listen. Nothing wraps it, so every
   * call site of the pipeline sees the classes it will see once users come (a site compiled for one class
   * is compiled again when another comes, in the first seconds after ready).
   */
  BackendHandler transport(BackendConfig config, ObjectMapper json, BackendHandler inProcess) {
    int port = loopback.port();
    if (config.isGrpc() || port < 0) {
      return inProcess;
    }
    RestBackend client = new RestBackend(vertx, loopback(config, URI.create("http://127.0.0.1:" + port), null));
    loopback.madeClient(client::close);
    return new RestTransport(client, json);
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

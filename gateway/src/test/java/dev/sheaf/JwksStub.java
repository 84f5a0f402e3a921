package dev.sheaf;

import com.nimbusds.jose.jwk.JWKSet;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A JWKS endpoint for tests, on a random port: answers with the keys it is given or, while it
 * hangs, accepts each request and never answers it (the connection stays open).
 */
final class JwksStub {

  private final HttpServer server;
  private final AtomicReference<JWKSet> keys;  // null: hang
  private final AtomicInteger requests;
  private final AtomicInteger openConnections;

  private JwksStub(HttpServer server, AtomicReference<JWKSet> keys, AtomicInteger requests,
                   AtomicInteger openConnections) {
    this.server = server;
    this.keys = keys;
    this.requests = requests;
    this.openConnections = openConnections;
  }

  /** @param keys the public keys to publish, or null to hang from the first request on */
  static Future<JwksStub> start(Vertx vertx, JWKSet keys) {
    AtomicReference<JWKSet> published = new AtomicReference<>(keys);
    AtomicInteger requests = new AtomicInteger();
    AtomicInteger open = new AtomicInteger();
    return vertx.createHttpServer()
        .connectionHandler(connection -> {
          open.incrementAndGet();
          connection.closeHandler(closed -> open.decrementAndGet());
        })
        .requestHandler(req -> {
          requests.incrementAndGet();
          JWKSet answer = published.get();
          if (answer != null) {
            req.response().putHeader("content-type", "application/jwk-set+json").end(answer.toString(true));
          }  // else: never answer
        })
        .listen(0, "127.0.0.1")
        .map(server -> new JwksStub(server, published, requests, open));
  }

  String url() {
    return "http://127.0.0.1:" + server.actualPort() + "/.well-known/jwks.json";
  }

  /** From now on every request is accepted and left unanswered. */
  void hang() {
    keys.set(null);
  }

  /** Requests received so far, answered or not. */
  int requests() {
    return requests.get();
  }

  /** Connections the gateway holds open to this endpoint now. */
  int openConnections() {
    return openConnections.get();
  }

  Future<Void> close() {
    return server.close();
  }
}

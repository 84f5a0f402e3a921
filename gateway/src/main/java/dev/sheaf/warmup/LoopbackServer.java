package dev.sheaf.warmup;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the warm-up's loopback servers (REST and gRPC) have alike: the server once it listens on
 * 127.0.0.1, the clients made to reach it, closed with it, and the count of calls it answered.
 */
final class LoopbackServer {

  private final List<Runnable> clientClosers = new CopyOnWriteArrayList<>();
  private final AtomicLong answered = new AtomicLong();
  private final AtomicLong connections = new AtomicLong();
  private volatile HttpServer server; // null until it listens: calls are answered in the process until then

  /** Listens on a free loopback port. */
  Future<Void> listen(HttpServer unstarted) {
    return unstarted.connectionHandler(connection -> connections.incrementAndGet())
        .listen(0, "127.0.0.1")
        .onSuccess(listening -> server = listening)
        .mapEmpty();
  }

  /** The port it listens on, or -1 before it listens or after it closed. */
  int port() {
    HttpServer listening = server;
    return listening == null ? -1 : listening.actualPort();
  }

  /** A client made to reach it, closed when it closes. */
  void madeClient(Runnable close) {
    clientClosers.add(close);
  }

  long countAnswer() {
    return answered.incrementAndGet();
  }

  /** The calls it answered so far. */
  long answered() {
    return answered.get();
  }

  /** The connections it accepted so far. */
  long connections() {
    return connections.get();
  }

  /** Closes the clients and the server. */
  Future<Void> close() {
    clientClosers.forEach(Runnable::run);
    HttpServer listening = server;
    server = null;
    return listening == null ? Future.succeededFuture() : listening.close();
  }
}

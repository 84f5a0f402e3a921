package dev.sheaf.server;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP server on its own event loop. Servers on the same host and port share one listening
 * socket, and Vert.x hands each new connection to the next server in turn: that is how the gateway
 * uses more than one core. Deploy one instance per event loop.
 */
public final class EventLoopServer extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(EventLoopServer.class);

  private final HttpServerOptions options;
  private final String host;
  private final int port;
  private final Handler<HttpServerRequest> handler;
  private final Duration shutdownGrace;
  private final AtomicInteger connections = new AtomicInteger();
  private volatile HttpServer server;
  private volatile String thread;

  /**
   * @param port          the port to listen on; see {@link #sharedPort} for "any free port"
   * @param shutdownGrace how long {@link #stop()} lets the requests in flight finish
   */
  public EventLoopServer(HttpServerOptions options, String host, int port, Handler<HttpServerRequest> handler,
                         Duration shutdownGrace) {
    this.options = options;
    this.host = host;
    this.port = port;
    this.handler = handler;
    this.shutdownGrace = shutdownGrace;
  }

  /**
   * The port every instance of one deployment listens on. Vert.x never shares port 0; a negative
   * port means "a free port, shared by the servers given this same number", so a gateway asked for
   * port 0 takes a number of its own in this Vert.x instance.
   */
  public static int sharedPort(Vertx vertx, int port) {
    if (port != 0) {
      return port;
    }
    return -vertx.sharedData().<String, Integer>getLocalMap("sheaf.shared-random-ports")
        .compute("last", (key, last) -> last == null ? 1 : last + 1);
  }

  @Override
  public Future<?> start() {
    thread = Thread.currentThread().getName();
    return vertx.createHttpServer(options)
        .connectionHandler(connection -> {
          connections.incrementAndGet();
          // A client that goes away mid-answer (reset, broken pipe) is routine for a gateway, not an error.
          connection.exceptionHandler(
              e -> LOG.debug("client connection {}: {}", connection.remoteAddress(), e.toString()));
        })
        .requestHandler(handler)
        .listen(port, host)
        .onSuccess(listening -> server = listening);
  }

  /**
   * Takes no new connection and no new request, lets the requests in flight finish (up to the grace
   * period, then closes what is left), and closes idle connections at once.
   */
  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture()
        : server.shutdown(shutdownGrace.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The port it listens on, once started. */
  public int actualPort() {
    return server.actualPort();
  }

  /** The event loop's thread name. */
  public String eventLoop() {
    return thread;
  }

  /** Client connections accepted so far. */
  public int connections() {
    return connections.get();
  }
}

package dev.sheaf.server;

import dev.sheaf.config.ClientTimeouts;
import io.netty.channel.ChannelPipeline;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.impl.ConnectionBase;
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
  private final ClientTimeouts clientTimeouts;
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger openConnections = new AtomicInteger();
  private volatile boolean stopping;
  private volatile HttpServer server;
  private volatile String thread;

  /**
   * @param port          the port to listen on; see {@link #sharedPort} for "any free port"
   * @param options       must not enable h2c: every connection is HTTP/1, so its pipeline can be fitted
   *                      before it reads a byte
   * @param shutdownGrace how long {@link #stop()} lets the requests in flight finish
   * @param clientTimeouts how long a slow or idle client may hold a connection
   */
  public EventLoopServer(HttpServerOptions options, String host, int port, Handler<HttpServerRequest> handler,
                         Duration shutdownGrace, ClientTimeouts clientTimeouts) {
    if (options.isHttp2ClearTextEnabled()) {
      throw new IllegalArgumentException("h2c must be off: its connections are set up after they read a request");
    }
    this.options = options;
    this.host = host;
    this.port = port;
    this.handler = handler;
    this.shutdownGrace = shutdownGrace;
    this.clientTimeouts = clientTimeouts;
  }

  /** The options of the gateway's client-facing servers (and of its warm-up's, which must take the same path). */
  public static HttpServerOptions gatewayOptions() {
    return new HttpServerOptions()
        .setTcpNoDelay(true)
        // Every connection HTTP/1 from its first byte, so the pipeline can be fitted before it reads.
        .setHttp2ClearTextEnabled(false)
        .setCompressionSupported(true)
        .setMaxInitialLineLength(16 * 1024)
        // Room for a large bearer token, so the validator (not the HTTP codec) refuses it, with a 401.
        .setMaxHeaderSize(32 * 1024);
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
          openConnections.incrementAndGet();
          connection.closeHandler(closed -> openConnections.decrementAndGet());
          // A client that goes away mid-answer (reset, broken pipe), or sends bytes that are not HTTP, is
          // routine for a gateway, not an error.
          connection.exceptionHandler(
              e -> LOG.debug("client connection {}: {}", connection.remoteAddress(), e.toString()));
          fitPipeline(connection);
        })
        .invalidRequestHandler(new MalformedRequestHandler())
        .requestHandler(request -> {
          if (stopping) {
            refuseWhileStopping(request);
          } else {
            handler.handle(request);
          }
        })
        .listen(port, host)
        .onSuccess(listening -> server = listening);
  }

  /**
   * Called before the connection reads its first byte (no TLS, no h2c): the decoder that refuses
   * ambiguous framing, and the handler that times slow clients out and drains the connection on stop.
   */
  private void fitPipeline(HttpConnection connection) {
    ChannelPipeline pipeline = ((ConnectionBase) connection).channel().pipeline();
    ClientConnection client = new ClientConnection(clientTimeouts);
    pipeline.addBefore("handler", "sheaf-client", client);
    pipeline.replace("httpDecoder", "httpDecoder", new StrictRequestDecoder(options, client));
  }

  /** A request that arrives on an open connection while the gateway stops: the client may send it elsewhere. */
  private static void refuseWhileStopping(HttpServerRequest request) {
    // ClientConnection closes the connection once this answer is written.
    request.response().setStatusCode(503)
        .putHeader("content-type", "application/json; charset=utf-8")
        .putHeader("connection", "close")
        .end("{\"errors\":[{\"message\":\"The gateway is shutting down; send the request again\","
            + "\"extensions\":{\"code\":\"SHUTTING_DOWN\"}}]}");
  }

  /**
   * Takes no new connection, closes idle connections at once, and lets the requests in flight finish
   * (up to the grace period, then closes what is left). Each of their answers says
   * {@code Connection: close}; a request that arrives meanwhile on an open connection is answered 503.
   */
  @Override
  public Future<?> stop() {
    stopping = true;
    return server == null ? Future.succeededFuture()
        : server.shutdown(shutdownGrace.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Runs a task on this server's event loop, in its context: timers it sets end with the server. */
  public void runOnLoop(Runnable task) {
    context.runOnContext(v -> task.run());
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

  /** Client connections open now. */
  public int openConnections() {
    return openConnections.get();
  }
}

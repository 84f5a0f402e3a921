package dev.sheaf.backend;

import dev.sheaf.binding.BackendConfig;
import dev.sheaf.binding.SecretHeaders;
import dev.sheaf.tls.HandshakeFailures;
import dev.sheaf.tls.TlsMaterial;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.ConnectException;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls one REST backend over a pooled keep-alive client. Each call is bounded by one timer: when
 * it fires the caller gets a timeout and the request is reset, so a backend that hangs or trickles
 * its body costs the caller no more than the timeout and never keeps a pooled connection.
 */
public final class RestBackend {

  private static final Logger LOG = LoggerFactory.getLogger(RestBackend.class);
  private static final CharSequence APPLICATION_JSON = HttpHeaders.createOptimized("application/json");

  private final BackendConfig config;
  private final Vertx vertx;
  private final HttpClient client;
  private final String host;
  private final int port;
  private final String basePath;
  private final SecretHeaders headers;

  public RestBackend(Vertx vertx, BackendConfig config) {
    this.vertx = vertx;
    this.config = config;
    URI url = config.url();
    BackendConfig.Connection connection = config.connection();
    TlsMaterial tls = connection.tls();
    this.host = url.getHost();
    this.port = url.getPort() > 0 ? url.getPort() : tls != null ? 443 : 80;
    HttpClientOptions options = new HttpClientOptions()
        .setDefaultHost(host)
        .setDefaultPort(port)
        .setKeepAlive(true)
        .setTcpNoDelay(true);
    if (tls != null) {
      tls.applyTo(options);
    }
    PoolOptions pool = new PoolOptions().setHttp1MaxSize(config.pool());
    if (connection.http2()) {
      // ALPN over TLS; in cleartext, prior knowledge (no Upgrade round trip). The pool's connections
      // then each carry many calls at once, as gRPC's do.
      options.setProtocolVersion(HttpVersion.HTTP_2).setUseAlpn(tls != null).setHttp2ClearTextUpgrade(false);
      pool.setHttp2MaxSize(config.pool());
    }
    this.client = vertx.createHttpClient(options, pool);
    this.headers = connection.headers();
    String path = url.getRawPath() == null ? "" : url.getRawPath();
    this.basePath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  public BackendConfig config() {
    return config;
  }

  /**
   * Sends the request and reads the whole answer, within min(this backend's timeout, the time left
   * in the deadline); the future fails only with a {@link BackendException}. If the deadline is
   * cancelled first, the call is abandoned and its request reset.
   */
  public Future<BackendResponse> send(BackendRequest request, Deadline deadline) {
    long timeoutMillis = deadline.callTimeoutMillis(config.timeout());
    if (timeoutMillis <= 0) {
      return Future.failedFuture(BackendException.timeout(config.name(), 0));
    }
    RequestOptions options = new RequestOptions()
        .setMethod(HttpMethod.valueOf(request.method()))
        .setHost(host)
        .setPort(port)
        .setURI(basePath + request.uri());
    request.headers().forEach(options::putHeader);
    headers.forEach(options::putHeader);
    if (request.body() != null) {
      options.putHeader(HttpHeaders.CONTENT_TYPE, APPLICATION_JSON);
    }
    CallExchange<BackendResponse> exchange = CallExchange.start(vertx, config.name(), timeoutMillis, deadline);
    client.request(options)
        .compose(sending -> {
          if (exchange.isOver()) { // timed out or abandoned while waiting for a connection
            // Never sent: resetting hands the connection back; the caller already has its failure,
            // so the reset's own exception is expected (without a handler Vert.x logs it as an error).
            sending.exceptionHandler(expected -> { });
            sending.reset();
            return Future.failedFuture(BackendException.timeout(config.name(), timeoutMillis));
          }
          // Resetting frees the pooled connection instead of waiting for an answer nobody reads.
          exchange.sent(sending::reset);
          return request.body() == null ? sending.send() : sending.send(request.body());
        })
        .compose(response -> readBody(response).map(body -> new BackendResponse(response.statusCode(), body,
            response.headers())))
        .onComplete(outcome -> exchange.complete(outcome, cause -> classify(cause, timeoutMillis)));
    return exchange.future();
  }

  /**
   * The whole body, up to {@code maxResponseBytes}: a larger answer is refused as soon as its
   * Content-Length or its bytes so far say so, and its connection dropped, so it costs neither the
   * memory nor the event-loop time to read and parse it.
   */
  private Future<Buffer> readBody(HttpClientResponse response) {
    long max = config.maxResponseBytes();
    String declared = response.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (declared != null && declaredLength(declared) > max) {
      response.exceptionHandler(expected -> { }); // the reset's own exception: the caller has its failure
      response.request().reset();
      return Future.failedFuture(tooLarge(declared + " bytes"));
    }
    Promise<Buffer> body = Promise.promise();
    Buffer bytes = Buffer.buffer();
    response.handler(chunk -> {
      if (body.future().isComplete()) {
        return;
      }
      if (bytes.length() + (long) chunk.length() > max) {
        body.tryFail(tooLarge("more than " + max + " bytes"));
        response.request().reset();
        return;
      }
      bytes.appendBuffer(chunk);
    });
    response.exceptionHandler(body::tryFail);
    response.endHandler(v -> body.tryComplete(bytes));
    return body.future();
  }

  private static long declaredLength(String header) {
    try {
      return Long.parseLong(header.trim());
    } catch (NumberFormatException e) {
      return -1; // the codec has already refused a malformed length; let the body decide
    }
  }

  private BackendException tooLarge(String size) {
    return BackendException.badResponse(config.name(), "answer of " + size + " is over maxResponseBytes ("
        + config.maxResponseBytes() + ")");
  }

  private BackendException classify(Throwable cause, long timeoutMillis) {
    if (cause instanceof BackendException be) {
      return be;
    }
    String detail = cause.getClass().getSimpleName() + ": " + cause.getMessage();
    if (cause instanceof java.util.concurrent.TimeoutException
        || cause instanceof io.netty.handler.timeout.TimeoutException
        || String.valueOf(cause.getMessage()).contains("timeout")) {
      return BackendException.timeout(config.name(), timeoutMillis);
    }
    if (HandshakeFailures.report(config.name(), cause)) {
      return BackendException.unavailable(config.name(), detail);
    }
    if (cause instanceof ConnectException || cause instanceof HttpClosedException
        || cause instanceof java.io.IOException || cause instanceof io.vertx.core.VertxException) {
      LOG.debug("backend {} unavailable: {}", config.name(), detail);
      return BackendException.unavailable(config.name(), detail);
    }
    LOG.warn("backend {} failed: {}", config.name(), detail);
    return BackendException.unavailable(config.name(), detail);
  }

  public void close() {
    client.close();
  }

  /** Header names a client may never set on a backend call through forwarding. */
  public static boolean isHopByHop(String lowerCaseName) {
    return switch (lowerCaseName) {
      case "connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "host",
           "content-length", "proxy-authorization", "proxy-connection" -> true;
      default -> false;
    };
  }
}

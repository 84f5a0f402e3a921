package dev.sheaf.backend;

import dev.sheaf.binding.BackendConfig;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.ConnectException;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls one REST backend over a pooled keep-alive client. Each call is bounded by a timer, so a
 * backend that hangs or trickles its body costs the caller no more than the timeout.
 */
public final class RestBackend {

  private static final Logger LOG = LoggerFactory.getLogger(RestBackend.class);

  private final BackendConfig config;
  private final Vertx vertx;
  private final WebClient client;
  private final String basePath;

  public RestBackend(Vertx vertx, BackendConfig config) {
    this.vertx = vertx;
    this.config = config;
    URI url = config.url();
    boolean tls = "https".equals(url.getScheme());
    WebClientOptions options = new WebClientOptions()
        .setDefaultHost(url.getHost())
        .setDefaultPort(url.getPort() > 0 ? url.getPort() : tls ? 443 : 80)
        .setSsl(tls)
        .setKeepAlive(true)
        .setTcpNoDelay(true)
        .setUserAgentEnabled(false);
    this.client = WebClient.create(vertx, options, new PoolOptions().setHttp1MaxSize(config.pool()));
    String path = url.getRawPath() == null ? "" : url.getRawPath();
    this.basePath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  public BackendConfig config() {
    return config;
  }

  /** Sends the request; the future fails only with a {@link BackendException}. */
  public Future<HttpResponse<Buffer>> send(BackendRequest request, long timeoutMillis) {
    if (timeoutMillis <= 0) {
      return Future.failedFuture(BackendException.timeout(config.name(), 0));
    }
    HttpRequest<Buffer> http = client.request(HttpMethod.valueOf(request.method()), basePath + request.uri())
        .idleTimeout(timeoutMillis);
    request.headers().forEach(http::putHeader);
    Future<HttpResponse<Buffer>> sent;
    if (request.body() != null) {
      http.putHeader("content-type", "application/json");
      sent = http.sendBuffer(request.body());
    } else {
      sent = http.send();
    }
    Promise<HttpResponse<Buffer>> result = Promise.promise();
    long timer = vertx.setTimer(timeoutMillis, id -> result.tryFail(BackendException.timeout(config.name(), timeoutMillis)));
    sent.onComplete(ar -> {
      vertx.cancelTimer(timer);
      if (ar.succeeded()) {
        result.tryComplete(ar.result());
      } else {
        result.tryFail(classify(ar.cause(), timeoutMillis));
      }
    });
    return result.future();
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

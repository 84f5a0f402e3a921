package dev.sheaf.server;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpClosedException;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router's first failure handler: failures to read a request's body that come from the client's
 * connection, not from the gateway. A client that goes away mid-body is routine for a gateway (debug,
 * nothing to answer); a body whose framing is broken (e.g. a chunk size that is not hex) is answered
 * 400 and the connection closed. Every other failure goes on to the usual handlers.
 */
final class ConnectionFailureHandler implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectionFailureHandler.class);

  @Override
  public void handle(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure == null || ctx.request().isEnded()) {
      ctx.next();  // not a failure to read the request (a 413 comes without a cause)
      return;
    }
    if (failure instanceof HttpClosedException || ctx.response().closed()) {
      LOG.debug("client left before its request was read: {} {}", ctx.request().method(), ctx.request().path());
      return;
    }
    // BodyHandler fails with the request's exception as 200, or 400 for a codec's DecoderException; a
    // handler's own failure (500, or its own status) is not about the connection.
    if (ctx.statusCode() != 200 && ctx.statusCode() != 400) {
      ctx.next();
      return;
    }
    // Logged once, at debug, by the connection's exception handler; ClientConnection closes after the answer.
    ctx.response().setStatusCode(400)
        .putHeader("content-type", "application/json; charset=utf-8")
        .putHeader("connection", "close")
        .end("{\"errors\":[{\"message\":\"Malformed HTTP request body\"}]}");
  }
}

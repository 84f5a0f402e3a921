package dev.sheaf.server;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;

/**
 * Answers a request the HTTP codec could not read (bad framing, a line or headers too long): 400,
 * 414 or 431, then the connection closes, since nothing after such a request can be trusted to be
 * where a request begins. The cause is logged once, at debug, by the connection's exception handler.
 */
final class MalformedRequestHandler implements Handler<HttpServerRequest> {

  @Override
  public void handle(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    int status = 400;
    String message = "Malformed HTTP request";
    if (cause instanceof TooLongHttpLineException) {
      status = 414;
      message = "The request line is too long";
    } else if (cause instanceof TooLongHttpHeaderException) {
      status = 431;
      message = "The request headers are too large";
    }
    // ClientConnection closes the connection once this answer is written.
    request.response().setStatusCode(status)
        .putHeader("content-type", "application/json; charset=utf-8")
        .putHeader("connection", "close")
        .end("{\"errors\":[{\"message\":\"" + message + "\"}]}");
  }
}

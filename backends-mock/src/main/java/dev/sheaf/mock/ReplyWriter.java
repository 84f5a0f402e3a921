package dev.sheaf.mock;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

import java.util.function.Function;

/** Sends endpoint replies, distorted by the body-shaping knobs the request arrived with. */
final class ReplyWriter {

  /** Adapts an endpoint function to a route handler; a thrown {@link InvalidRequestException} becomes a 400. */
  Handler<RoutingContext> handler(Function<RoutingContext, Reply> endpoint) {
    return ctx -> {
      Reply reply;
      try {
        reply = endpoint.apply(ctx);
      } catch (InvalidRequestException e) {
        reply = Reply.badRequest(e.getMessage());
      }
      send(ctx, reply);
    };
  }

  void send(RoutingContext ctx, Reply reply) {
    Knobs knobs = RequestKnobs.of(ctx);
    if (reply.status() < 300 && CacheHeaders.answeredNotModified(ctx, knobs, reply)) {
      return;
    }
    if (knobs.malformedJson()) {
      sendTruncated(ctx, reply);
    } else if (knobs.slowBodyMs() > 0) {
      SlowBodyWriter.send(ctx.vertx(), ctx.response(), reply, knobs.slowBodyMs());
    } else {
      reply.sendTo(ctx.response());
    }
  }

  /**
   * A 200 whose body is the first half of the real one: any proper prefix of a JSON object is
   * unparseable, and it looks like what a proxy that cut the response short would deliver.
   */
  private static void sendTruncated(RoutingContext ctx, Reply reply) {
    String json = reply.body().encode();
    ctx.response()
        .setStatusCode(200)
        .putHeader(HttpHeaders.CONTENT_TYPE, Reply.JSON)
        .end(json.substring(0, Math.max(1, json.length() / 2)));
  }
}

package dev.sheaf.server;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * A request refused before it ran, in the shape its route's clients read: GraphQL errors with a
 * code on {@code /graphql}, an RFC 9457 problem on the REST composite endpoints.
 */
final class Refusal {

  private Refusal() {
  }

  /** Ends the response (nothing if it already ended: the client left); headers set before are kept. */
  static void send(RoutingContext ctx, int status, String title, String code, String message) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response().setStatusCode(status);
    if (ctx.request().path().startsWith("/graphql")) {
      JsonObject error = new JsonObject().put("message", message).put("extensions", new JsonObject().put("code", code));
      String mediaType = MediaTypes.negotiate(ctx.request().getHeader("accept"));
      ctx.response().putHeader("content-type", (mediaType == null ? MediaTypes.JSON : mediaType) + "; charset=utf-8")
          .end(new JsonObject().put("errors", new JsonArray().add(error)).toBuffer());
    } else {
      ctx.response().putHeader("content-type", "application/problem+json")
          .end(new JsonObject().put("type", "about:blank").put("title", title).put("status", status)
              .put("detail", message).toBuffer());
    }
  }
}

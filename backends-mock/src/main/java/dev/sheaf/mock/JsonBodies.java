package dev.sheaf.mock;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Reads request bodies, turning anything that is not a JSON object into a 400. */
final class JsonBodies {

  private JsonBodies() {
  }

  static JsonObject object(RoutingContext ctx) {
    try {
      JsonObject body = ctx.body().asJsonObject();
      if (body != null) {
        return body;
      }
    } catch (RuntimeException e) {  // DecodeException, or ClassCastException for a JSON array
      throw new InvalidRequestException("body must be a JSON object");
    }
    throw new InvalidRequestException("body must be a JSON object");
  }
}

package dev.sheaf.mock;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The {@code /_mock/*} endpoints that let tests and the perf harness observe and steer a service
 * over HTTP. They answer directly: no counting, no recording, no knobs, so they keep working while
 * the service is told to hang or reset connections.
 */
final class AdminRoutes {

  private AdminRoutes() {
  }

  static void mount(Router router, MockService service) {
    router.get("/_mock/stats").handler(ctx -> Reply.ok(stats(service)).sendTo(ctx.response()));
    router.get("/_mock/knobs").handler(ctx -> Reply.ok(service.knobs().toJson()).sendTo(ctx.response()));
    router.put("/_mock/knobs").handler(ctx -> updateKnobs(ctx, service).sendTo(ctx.response()));
    router.post("/_mock/reset").handler(ctx -> {
      service.reset();
      ctx.response().setStatusCode(204).end();
    });
  }

  private static JsonObject stats(MockService service) {
    return new JsonObject()
        .put("calls", service.calls())
        .put("inFlight", service.inFlight())
        .put("maxInFlight", service.maxInFlight());
  }

  /** A partial update: fields left out of the body keep their current value. */
  private static Reply updateKnobs(RoutingContext ctx, MockService service) {
    try {
      return Reply.ok(service.patchKnobs(JsonBodies.object(ctx)).toJson());
    } catch (InvalidRequestException | IllegalArgumentException e) {
      return Reply.badRequest(e.getMessage());
    }
  }
}

package dev.sheaf.mock;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * The {@code /_mock/*} endpoints that let tests and the perf harness observe and steer a service
 * over HTTP. They answer directly: no counting, no recording, no knobs, so they keep working while
 * the service is told to hang or reset connections.
 */
public final class AdminRoutes {

  private static final long MAX_BODY_BYTES = 64 * 1024;

  private AdminRoutes() {
  }

  /**
   * A router with only the admin endpoints (and a JSON 404 for anything else), for a service whose
   * own API is not HTTP routes, such as the gRPC inventory.
   */
  public static Router router(Vertx vertx, MockBackend backend) {
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
    mount(router, backend);
    router.errorHandler(404, ctx -> Reply.notFound("not found").sendTo(ctx.response()));
    router.errorHandler(405, ctx -> Reply.error(405, "method not allowed").sendTo(ctx.response()));
    return router;
  }

  /** Adds the admin routes; the router must read bodies first (a {@link BodyHandler}). */
  static void mount(Router router, MockBackend backend) {
    router.get("/_mock/stats").handler(ctx -> Reply.ok(stats(backend)).sendTo(ctx.response()));
    router.get("/_mock/knobs").handler(ctx -> Reply.ok(backend.knobsJson()).sendTo(ctx.response()));
    router.put("/_mock/knobs").handler(ctx -> updateKnobs(ctx, backend).sendTo(ctx.response()));
    router.post("/_mock/reset").handler(ctx -> {
      backend.reset();
      ctx.response().setStatusCode(204).end();
    });
  }

  private static JsonObject stats(MockBackend backend) {
    return new JsonObject()
        .put("calls", backend.calls())
        .put("inFlight", backend.inFlight())
        .put("maxInFlight", backend.maxInFlight());
  }

  /** A partial update: fields left out of the body keep their current value. */
  private static Reply updateKnobs(RoutingContext ctx, MockBackend backend) {
    try {
      return Reply.ok(backend.patchKnobs(JsonBodies.object(ctx)));
    } catch (InvalidRequestException | IllegalArgumentException e) {
      return Reply.badRequest(e.getMessage());
    }
  }
}

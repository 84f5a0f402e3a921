package dev.sheaf.admin;

import dev.sheaf.insight.FinishedRequest;
import dev.sheaf.insight.Plan;
import dev.sheaf.insight.RecentRequests;
import dev.sheaf.insight.WaterfallPage;
import dev.sheaf.observability.GatewayMetrics;
import dev.sheaf.reload.ConfigStatus;
import dev.sheaf.reload.ReloadAttempt;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The operational routes, on the admin port only (never the client port): {@code GET /config}
 * (the active configuration's version, the last reload attempt and its problems),
 * {@code POST /reload}, {@code GET /metrics} (Prometheus), {@code GET /requests} and
 * {@code GET /requests/{id}} (the recent requests and each one's waterfall, HTML or JSON), and
 * {@code GET /loggers} and {@code PUT /loggers/{name}} (the loggers' levels, see {@link LoggerLevels}).
 */
public final class AdminRoutes {

  private AdminRoutes() {
  }

  public static Router create(Vertx vertx, Supplier<ConfigStatus> status,
                              Function<String, Future<ReloadAttempt>> reload, GatewayMetrics metrics,
                              RecentRequests recent) {
    Router router = Router.router(vertx);
    // Rendering every series is CPU work that grows with them: off the event loop, which serves clients too.
    router.get("/metrics").handler(ctx -> vertx.executeBlocking(metrics::scrape, false).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      ctx.response().putHeader("content-type", GatewayMetrics.CONTENT_TYPE).end(ar.result());
    }));
    router.get("/config").handler(ctx -> json(ctx, 200, describe(status.get())));
    router.post("/reload").handler(ctx -> reload.apply("admin").onComplete(ar -> {
      if (ar.failed()) {
        json(ctx, 500, new JsonObject().put("error", "the reload could not run"));
        return;
      }
      ReloadAttempt attempt = ar.result();
      // 422: the configuration was understood and refused; the running one still serves.
      json(ctx, attempt.outcome() == ReloadAttempt.Outcome.REFUSED ? 422 : 200, describe(attempt));
    }));
    router.get("/requests").handler(ctx -> {
      List<FinishedRequest> requests = recent.newestFirst();
      if (wantsJson(ctx)) {
        json(ctx, 200, new JsonObject().put("requests", new JsonArray(requests.stream().map(Plan::of).toList())));
      } else {
        html(ctx, 200, WaterfallPage.list(requests));
      }
    });
    router.get("/requests/:id").handler(ctx -> {
      FinishedRequest request = recent.find(ctx.pathParam("id"));
      if (request == null) {
        json(ctx, 404, new JsonObject().put("error", "no recent request has this id; GET /requests lists them"));
      } else if (wantsJson(ctx)) {
        json(ctx, 200, new JsonObject(Plan.of(request)));
      } else {
        html(ctx, 200, WaterfallPage.waterfall(request));
      }
    });
    LoggerLevels.route(router);
    return router;
  }

  /** JSON when asked for with {@code ?format=json} or an Accept that prefers it to HTML. */
  private static boolean wantsJson(RoutingContext ctx) {
    if ("json".equals(ctx.queryParams().get("format"))) {
      return true;
    }
    String accept = ctx.request().getHeader("accept");
    return accept != null && accept.contains("application/json") && !accept.contains("text/html");
  }

  private static void html(RoutingContext ctx, int status, String page) {
    ctx.response().setStatusCode(status).putHeader("content-type", "text/html; charset=utf-8")
        // The pages show request data: no script runs in them, and no other site may frame them.
        .putHeader("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'")
        .end(page);
  }

  private static JsonObject describe(ConfigStatus status) {
    JsonObject active = new JsonObject().put("version", status.version()).put("loadedAt", status.loadedAt().toString());
    JsonObject body = new JsonObject().put("active", active);
    if (status.lastAttempt() != null) {
      body.put("lastAttempt", describe(status.lastAttempt()));
    }
    return body;
  }

  private static JsonObject describe(ReloadAttempt attempt) {
    return new JsonObject()
        .put("at", attempt.at().toString())
        .put("trigger", attempt.trigger())
        .put("outcome", attempt.outcome().name().toLowerCase(java.util.Locale.ROOT))
        .put("version", attempt.version())
        .put("problems", new JsonArray(attempt.problems()))
        .put("needsRestart", new JsonArray(attempt.needsRestart()));
  }

  static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json; charset=utf-8")
        .end(body.encodePrettily());
  }
}

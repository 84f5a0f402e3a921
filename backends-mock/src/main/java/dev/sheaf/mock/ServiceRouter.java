package dev.sheaf.mock;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Assembles the handler chain of one mock service. The order of the routes is what matters here. */
final class ServiceRouter {

  private static final Logger LOG = LoggerFactory.getLogger(ServiceRouter.class);
  private static final long MAX_BODY_BYTES = 1024 * 1024;

  private ServiceRouter() {
  }

  static Router create(Vertx vertx, MockService service, ShopEndpoints endpoints, RequestTracker tracker) {
    Router router = Router.router(vertx);
    // Bodies are read up front: recorded requests need them, and the endpoints parse JSON from them.
    router.route().handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
    // Admin routes come first and never call next(): they bypass counting and knobs.
    AdminRoutes.mount(router, service);
    router.route().handler(tracker).handler(new FaultInjector());
    ReplyWriter replies = new ReplyWriter();
    endpoints.mount(router, replies);
    router.errorHandler(404, ctx -> replies.send(ctx, Reply.notFound("not found")));
    router.errorHandler(405, ctx -> replies.send(ctx, Reply.error(405, "method not allowed")));
    router.errorHandler(500, ServiceRouter::internalError);
    return router;
  }

  private static void internalError(RoutingContext ctx) {
    LOG.error("{} {} failed", ctx.request().method(), ctx.request().uri(), ctx.failure());
    if (!ctx.response().ended() && !ctx.response().closed()) {
      Reply.error(500, "internal error").sendTo(ctx.response());
    }
  }
}

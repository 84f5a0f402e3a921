package dev.sheaf.server;

import dev.sheaf.auth.TokenValidator;
import dev.sheaf.config.GatewayConfig;
import dev.sheaf.graphql.GraphQLExecutor;
import dev.sheaf.observability.RequestTracing;
import dev.sheaf.insight.RecentRequests;
import dev.sheaf.insight.RequestInsights;
import dev.sheaf.persisted.PersistedQueryStore;
import dev.sheaf.persisted.TrustedDocuments;
import dev.sheaf.ratelimit.RateLimits;
import dev.sheaf.resolver.Upstreams;
import dev.sheaf.rest.CompositeEndpoints;
import dev.sheaf.rest.Endpoints;
import io.opentelemetry.api.OpenTelemetry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The gateway's HTTP routes: GraphQL, REST composite endpoints and their OpenAPI, liveness and readiness. */
public final class GatewayRouter {

  private static final Logger LOG = LoggerFactory.getLogger(GatewayRouter.class);

  private GatewayRouter() {
  }

  /**
   * @param tokens validates callers' tokens; null when the gateway does not check tokens
   * @param persistedQueries the gateway's store of persisted queries, the same for every router
   *                         and every configuration, so queries survive reloads
   * @param trusted the configuration's trusted documents, the same for all its routers
   * @param rateLimits the gateway's rate-limit buckets, the same for every router and configuration
   * @param metrics times client requests; null for none
   * @param tracing the gateway's tracing; null when it is off
   * @param recent the gateway's recent requests, the same for every configuration
   * @param shed refuses client requests while the gateway is overloaded (see {@link GatewayLoad})
   */
  public static Router create(Vertx vertx, GatewayConfig config, GraphQLExecutor executor, Upstreams upstreams,
                              Endpoints endpoints, TokenValidator tokens, BooleanSupplier ready,
                              PersistedQueryStore persistedQueries, TrustedDocuments trusted, RateLimits rateLimits,
                              Handler<RoutingContext> metrics, OpenTelemetry tracing, RecentRequests recent,
                              Handler<RoutingContext> shed) {
    return create(vertx, config, executor, upstreams, endpoints, tokens, ready, persistedQueries, trusted, rateLimits,
        metrics, tracing, recent, shed, null);
  }

  /**
   * As above, with the access lines on {@code accessLog}: the warm-up's, encoded and dropped; null for
   * the access log users read ({@code sheaf.access}).
   */
  public static Router create(Vertx vertx, GatewayConfig config, GraphQLExecutor executor, Upstreams upstreams,
                              Endpoints endpoints, TokenValidator tokens, BooleanSupplier ready,
                              PersistedQueryStore persistedQueries, TrustedDocuments trusted, RateLimits rateLimits,
                              Handler<RoutingContext> metrics, OpenTelemetry tracing, RecentRequests recent,
                              Handler<RoutingContext> shed, Logger accessLog) {
    RequestDeadlines deadlines = new RequestDeadlines(config.defaultDeadline(), config.maxDeadline());
    RequestExecutor requests = new RequestExecutor(executor, upstreams, deadlines);
    GraphQLHttpHandler graphql = new GraphQLHttpHandler(requests, upstreams.json(),
        new PersistedQueries(persistedQueries, config.persistedQueries().enabled()),
        new TrustedOperations(trusted, config.trustedDocuments()));
    Router router = Router.router(vertx);
    // First, so a client that leaves mid-body never reaches the error handlers, which log errors.
    router.route().failureHandler(new ConnectionFailureHandler());
    if (metrics != null) {
      // Before anything can answer: refusals (401, 413, 429...) are client requests too.
      router.route().handler(metrics);
    }
    router.route().handler(new RequestIdHandler());
    if (tracing != null) {
      // Before auth and the body: a refused or malformed request is one span too.
      router.route().handler(new RequestTracing(tracing, config.observability().tracing()));
    }
    // Right after the id (and the span, whose trace id it shows): refused requests are recorded and timed too.
    // One function for both: each lambda is a class of its own, and a warm-up (which passes its own log)
    // that ran another class here would leave the compiled call site wrong for users' requests.
    Function<RoutingContext, String> requestId = ctx -> ctx.get(RequestIdHandler.KEY);
    router.route().handler(accessLog == null
        ? new RequestInsights(config.insight(), recent, requestId)
        : new RequestInsights(config.insight(), recent, requestId, accessLog));
    if (config.cors() != null) {
      // First: a browser's preflight carries no token and must be answered before auth refuses it.
      router.route().handler(new CrossOriginHandler(config.cors()));
      router.errorHandler(403, ctx -> status(ctx, 403,
          "{\"errors\":[{\"message\":\"This origin may not call the gateway\"}]}"));
    }
    router.get("/health").handler(ctx -> status(ctx, 200, "{\"status\":\"UP\"}"));
    router.get("/ready").handler(ctx -> {
      boolean isReady = ready.getAsBoolean();
      status(ctx, isReady ? 200 : 503, isReady ? "{\"status\":\"READY\"}" : "{\"status\":\"NOT_READY\"}");
    });
    // After the probes, which an orchestrator must always get an answer from; before anything costly.
    router.route().handler(shed);
    if (config.graphiql().enabled()) {
      // Before CSRF and auth: the page and its assets are public files (a link may preset a query, which
      // the page only shows); the queries it sends are checked like any other.
      GraphiQLPage.mount(router);
    }
    if (config.policies().csrf().enabled()) {
      // A header check, before auth: a forged request costs no token check either.
      CsrfPrevention csrf = new CsrfPrevention(config.policies().csrf());
      router.get("/graphql").handler(csrf);
      router.post("/graphql").handler(csrf);
    }
    if (tokens != null) {
      // Before anything reads the body or executes: a refused caller costs no backend call.
      AuthHandler auth = new AuthHandler(tokens, config.auth(), deadlines);
      router.route("/graphql").handler(auth);
      endpoints.pathPrefixes().forEach(prefix -> router.route(prefix + "/*").handler(auth));
    }
    RateLimitHandler limiter = config.policies().rateLimit().enabled()
        ? new RateLimitHandler(rateLimits, config.policies().rateLimit()) : null;
    // After auth (keys name claims) and after the body is read: a bucket in Redis answers later, and
    // a body left unread meanwhile would be lost (auth resumes the request once it passes it on).
    if (limiter != null) {
      router.get("/graphql").handler(limiter);
      endpoints.pathPrefixes().forEach(prefix -> router.route(prefix + "/*")
          .handler(BodyHandler.create(false).setBodyLimit(config.bodyLimitBytes())).handler(limiter));
    }
    var post = router.post("/graphql").handler(BodyHandler.create(false).setBodyLimit(config.bodyLimitBytes()));
    if (limiter != null) {
      post.handler(limiter);
    }
    post.handler(graphql::handlePost);
    router.get("/graphql").handler(graphql::handleGet);
    router.route("/graphql").handler(ctx -> {
      ctx.response().putHeader("allow", "GET, POST");
      status(ctx, 405, "{\"errors\":[{\"message\":\"Use GET or POST\"}]}");
    });
    CompositeEndpoints.mount(router, endpoints, requests, upstreams.json(), config.bodyLimitBytes());
    router.get("/openapi.json").handler(CompositeEndpoints.openApi(endpoints));
    router.errorHandler(413, ctx -> status(ctx, 413,
        "{\"errors\":[{\"message\":\"The request body is larger than " + config.bodyLimitBytes() + " bytes\"}]}"));
    router.errorHandler(404, ctx -> status(ctx, 404, "{\"errors\":[{\"message\":\"Not found\"}]}"));
    router.errorHandler(500, ctx -> {
      // A fault of the gateway's: the client gets no detail, the log gets all of it.
      LOG.error("{} {} failed (request {})", ctx.request().method(), ctx.request().path(), ctx.get(RequestIdHandler.KEY),
          ctx.failure());
      status(ctx, 500, "{\"errors\":[{\"message\":\"Internal error\"}]}");
    });
    return router;
  }

  private static void status(RoutingContext ctx, int code, String json) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response().setStatusCode(code).putHeader("content-type", "application/json; charset=utf-8").end(json);
  }
}

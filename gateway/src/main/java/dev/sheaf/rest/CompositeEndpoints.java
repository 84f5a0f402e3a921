package dev.sheaf.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sheaf.rest.VariableSource.Origin;
import dev.sheaf.server.RequestExecutor;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mounts the REST composite endpoints on the gateway's router: one route per endpoint (GET ones
 * answer HEAD too), then 405 with {@code Allow} for a known path with another method, then a
 * problem+json 404 for unknown paths under the endpoints' prefixes (e.g. {@code /api/*}).
 *
 * <p>Authentication is not here on purpose: the auth handler runs on the router before these routes
 * (a bad token never reaches them), and a resource nulled by field errors coded UNAUTHENTICATED or
 * FORBIDDEN ({@code @authenticated}, {@code @requiresScopes}) is answered 401 or 403.
 */
public final class CompositeEndpoints {

  private static final Logger LOG = LoggerFactory.getLogger(CompositeEndpoints.class);

  /** The response header that says whether an answer is complete ({@code true}) or partial. */
  public static final String COMPLETE_HEADER = EndpointResponder.COMPLETE;

  private CompositeEndpoints() {
  }

  public static void mount(Router router, Endpoints endpoints, RequestExecutor requests, ObjectMapper json,
                           long bodyLimitBytes) {
    EndpointResponder responder = new EndpointResponder(json);
    ParameterReader parameters = new ParameterReader();
    ResultClassifier classifier = new ResultClassifier();
    Map<String, Set<HttpMethod>> methodsByPath = new LinkedHashMap<>();
    for (Endpoint endpoint : endpoints.all()) {
      RouteTemplate template = endpoint.route();
      Set<HttpMethod> methods = methodsByPath.computeIfAbsent(template.routerPath(), p -> new LinkedHashSet<>());
      Route route = router.route(template.routerPath()).method(template.method());
      methods.add(template.method());
      if (template.method() == HttpMethod.GET) {
        route.method(HttpMethod.HEAD);
        methods.add(HttpMethod.HEAD);
      }
      if (endpoint.variables().stream().anyMatch(v -> v.origin() == Origin.BODY)) {
        route.handler(BodyHandler.create(false).setBodyLimit(bodyLimitBytes));
      }
      route.handler(new EndpointHandler(endpoint, requests, parameters, classifier, responder))
          .failureHandler(ctx -> failed(ctx, responder, bodyLimitBytes));
    }
    methodsByPath.forEach((path, methods) -> router.route(path).handler(methodNotAllowed(responder, methods)));
    endpoints.pathPrefixes().forEach(prefix ->
        router.route(prefix + "/*").handler(ctx -> responder.problem(ctx,
            Problem.of(ProblemType.NOT_FOUND, 404, "No endpoint serves " + ctx.request().path()))));
  }

  /** The OpenAPI 3.1 description of the endpoints, for {@code GET /openapi.json}. */
  public static Handler<RoutingContext> openApi(Endpoints endpoints) {
    return new OpenApiHandler(endpoints.openApiJson());
  }

  private static Handler<RoutingContext> methodNotAllowed(EndpointResponder responder, Set<HttpMethod> methods) {
    String allow = methods.stream().map(HttpMethod::name).collect(Collectors.joining(", "));
    return ctx -> {
      ctx.response().putHeader(HttpHeaders.ALLOW, allow);
      responder.problem(ctx, Problem.of(ProblemType.METHOD_NOT_ALLOWED, 405,
          ctx.request().path() + " answers " + allow));
    };
  }

  private static void failed(RoutingContext ctx, EndpointResponder responder, long bodyLimitBytes) {
    if (ctx.statusCode() == 413) {
      responder.problem(ctx, Problem.of(ProblemType.PAYLOAD_TOO_LARGE, 413,
          "The body is larger than " + bodyLimitBytes + " bytes"));
      return;
    }
    if (ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
      responder.problem(ctx, Problem.refused(ctx.statusCode(), "The request cannot be served"));
      return;
    }
    LOG.error("{} failed", ctx.request().path(), ctx.failure());
    responder.problem(ctx, Problem.internal());
  }
}

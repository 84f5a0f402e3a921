package dev.sheaf.server;

import dev.sheaf.backend.Deadline;
import dev.sheaf.graphql.GraphQLExecutor;
import dev.sheaf.observability.RequestTracing;
import dev.sheaf.resolver.Caller;
import dev.sheaf.resolver.RequestScope;
import dev.sheaf.resolver.Upstreams;
import graphql.ExecutionResult;
import graphql.schema.GraphQLSchema;
import io.opentelemetry.context.Context;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Runs one GraphQL operation for an HTTP request — from {@code /graphql} or from a REST composite
 * endpoint alike: takes the request's deadline ({@link RequestDeadlines}), sets up its scope, then executes.
 */
public final class RequestExecutor {

  /** Where the auth handler puts the {@link Caller} on the routing context. */
  public static final String CALLER_KEY = "sheaf.caller";

  private final GraphQLExecutor executor;
  private final Upstreams upstreams;
  private final RequestDeadlines deadlines;

  RequestExecutor(GraphQLExecutor executor, Upstreams upstreams, RequestDeadlines deadlines) {
    this.executor = executor;
    this.upstreams = upstreams;
    this.deadlines = deadlines;
  }

  public GraphQLSchema schema() {
    return executor.schema();
  }

  /** @throws RequestProblem (400) when the request's own deadline header is malformed */
  public CompletableFuture<ExecutionResult> execute(RoutingContext ctx, String query, String operationName,
                                                    Map<String, Object> variables, Map<String, Object> extensions) {
    Deadline deadline = deadlines.of(ctx);
    // A client that hangs up before its answer frees the backends: its calls in flight are cancelled.
    ctx.response().closeHandler(closed -> deadline.cancel());
    RequestScope scope = new RequestScope(deadline, lowerCaseHeaders(ctx.request().headers()), callerOf(ctx),
        requestIdOf(ctx), upstreams, ctx.vertx().getOrCreateContext(), traceOf(ctx));
    return executor.execute(query, operationName, variables, extensions, scope);
  }

  /** The request's span, or null when tracing is off. */
  private static Context traceOf(RoutingContext ctx) {
    return ctx.get(RequestTracing.KEY);
  }

  private static String requestIdOf(RoutingContext ctx) {
    String id = ctx.get(RequestIdHandler.KEY);
    return id == null ? RequestIdHandler.generate() : id;
  }

  /** The caller the auth handler identified, or an anonymous one. */
  private static Caller callerOf(RoutingContext ctx) {
    Caller caller = ctx.get(CALLER_KEY);
    return caller == null ? Caller.ANONYMOUS : caller;
  }

  private static Map<String, String> lowerCaseHeaders(MultiMap headers) {
    Map<String, String> map = new HashMap<>(headers.size() * 2);
    headers.forEach(e -> map.putIfAbsent(e.getKey().toLowerCase(Locale.ROOT), e.getValue()));
    return map;
  }
}

package dev.sheaf.server;

import dev.sheaf.backend.Deadline;
import dev.sheaf.config.ConfigException;
import dev.sheaf.config.Durations;
import dev.sheaf.config.GatewayConfig;
import dev.sheaf.graphql.GraphQLExecutor;
import dev.sheaf.resolver.Caller;
import dev.sheaf.resolver.RequestScope;
import dev.sheaf.resolver.Upstreams;
import graphql.ExecutionResult;
import graphql.schema.GraphQLSchema;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Runs one GraphQL operation for an HTTP request — from {@code /graphql} or from a REST composite
 * endpoint alike: sets up the request's deadline and scope, then executes.
 */
public final class RequestExecutor {

  /** A client may ask for a shorter deadline than the default (never a longer one than the cap). */
  public static final String TIMEOUT_HEADER = "sheaf-timeout";

  /** Where the auth handler puts the {@link Caller} on the routing context. */
  public static final String CALLER_KEY = "sheaf.caller";

  private final GraphQLExecutor executor;
  private final Upstreams upstreams;
  private final GatewayConfig config;

  public RequestExecutor(GraphQLExecutor executor, Upstreams upstreams, GatewayConfig config) {
    this.executor = executor;
    this.upstreams = upstreams;
    this.config = config;
  }

  public GraphQLSchema schema() {
    return executor.schema();
  }

  /** @throws RequestProblem (400) when the request's own deadline header is malformed */
  public CompletableFuture<ExecutionResult> execute(RoutingContext ctx, String query, String operationName,
                                                    Map<String, Object> variables, Map<String, Object> extensions) {
    Deadline deadline = Deadline.after(requestedDeadline(ctx.request().getHeader(TIMEOUT_HEADER)));
    // A client that hangs up before its answer frees the backends: its calls in flight are cancelled.
    ctx.response().closeHandler(closed -> deadline.cancel());
    RequestScope scope = new RequestScope(deadline, lowerCaseHeaders(ctx.request().headers()), callerOf(ctx),
        requestIdOf(ctx), upstreams, ctx.vertx().getOrCreateContext());
    return executor.execute(query, operationName, variables, extensions, scope);
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

  private Duration requestedDeadline(String header) {
    if (header == null) {
      return config.defaultDeadline();
    }
    Duration asked;
    try {
      asked = Durations.parse(header, TIMEOUT_HEADER);
    } catch (ConfigException e) {
      throw new RequestProblem(400, "The Sheaf-Timeout header must be a duration such as 800ms or 2s");
    }
    return asked.compareTo(config.maxDeadline()) > 0 ? config.maxDeadline() : asked;
  }

  private static Map<String, String> lowerCaseHeaders(MultiMap headers) {
    Map<String, String> map = new HashMap<>(headers.size() * 2);
    headers.forEach(e -> map.putIfAbsent(e.getKey().toLowerCase(Locale.ROOT), e.getValue()));
    return map;
  }
}

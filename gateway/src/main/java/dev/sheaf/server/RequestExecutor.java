package dev.sheaf.server;

import dev.sheaf.backend.Deadline;
import dev.sheaf.cache.AnswerCache;
import dev.sheaf.graphql.GraphQLExecutor;
import dev.sheaf.observability.RequestTracing;
import dev.sheaf.insight.RequestRecord;
import dev.sheaf.pipeline.RequestCalls;
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

  /** The code of a request refused because its deadline passed before it ran. */
  static final String DEADLINE_EXCEEDED = "DEADLINE_EXCEEDED";
  /** The request header that asks for debugging details in the answer, e.g. {@code Sheaf-Debug: cost}. */
  static final String DEBUG_HEADER = "sheaf-debug";

  private final GraphQLExecutor executor;
  private final Upstreams upstreams;
  private final RequestDeadlines deadlines;

  RequestExecutor(GraphQLExecutor executor, Upstreams upstreams, RequestDeadlines deadlines) {
    this.executor = executor;
    this.upstreams = upstreams;
    this.deadlines = deadlines;
  }

  /** The gateway's answer cache, or null when it is off. */
  public AnswerCache answerCache() {
    return upstreams.backends().cache();
  }

  public GraphQLSchema schema() {
    return executor.schema();
  }

  /**
   * @throws RequestProblem (400) when the request's own deadline header is malformed; (503) when its
   *         deadline has already passed (spent waiting for keys or the body, or asked as 0 ms), so no
   *         backend is called for an answer nobody waits for
   */
  public CompletableFuture<ExecutionResult> execute(RoutingContext ctx, String query, String operationName,
                                                    Map<String, Object> variables, Map<String, Object> extensions) {
    return execute(ctx, query, operationName, variables, extensions, false);
  }

  /** @param incremental whether {@code @defer} may deliver fragments later (see {@link GraphQLExecutor#execute}) */
  CompletableFuture<ExecutionResult> execute(RoutingContext ctx, String query, String operationName,
                                             Map<String, Object> variables, Map<String, Object> extensions,
                                             boolean incremental) {
    Deadline deadline = deadlines.of(ctx);
    if (deadline.remainingMillis() == 0) {
      throw new RequestProblem(503, "The request's deadline passed before it could run; send it again later, "
          + "or with a longer Sheaf-Timeout", DEADLINE_EXCEEDED);
    }
    // A client that hangs up before its answer frees the backends: its calls in flight are cancelled.
    ctx.response().closeHandler(closed -> deadline.cancel());
    Caller caller = callerOf(ctx);
    RequestRecord record = RequestRecord.of(ctx);
    RequestScope scope = new RequestScope(deadline, lowerCaseHeaders(ctx.request().headers()), caller,
        requestIdOf(ctx), upstreams, ctx.vertx().getOrCreateContext(), record == null ? null : record.calls(),
        traceOf(ctx));
    ctx.put(RequestCalls.CONTEXT_KEY, scope.calls()); // what a composite's ETag depends on
    CompletableFuture<ExecutionResult> result =
        executor.execute(query, operationName, variables, extensions, scope, incremental, asksForCost(ctx));
    if (record == null) {
      return result;
    }
    record.caller(caller);
    // Noted before the answer is written, so the record's outcome is known when the response ends.
    return result.whenComplete((done, failure) -> record.executed(scope.operationName(), scope.operationType(), done));
  }

  /**
   * {@code Sheaf-Debug: cost} puts the document's cost in the answer's {@code extensions}: it tells a
   * client no more than the refusal of a too costly document does, and lets it see how close it is.
   */
  private static boolean asksForCost(RoutingContext ctx) {
    String debug = ctx.request().getHeader(DEBUG_HEADER);
    if (debug == null) {
      return false;
    }
    for (String item : debug.split(",")) {
      if (item.trim().equalsIgnoreCase("cost")) {
        return true;
      }
    }
    return false;
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

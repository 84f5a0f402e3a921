package dev.sheaf.rest;

import dev.sheaf.insight.RequestRecord;
import dev.sheaf.cache.AnswerCache;
import dev.sheaf.pipeline.RequestCalls;
import dev.sheaf.resolver.Caller;
import dev.sheaf.server.RequestExecutor;
import dev.sheaf.server.RequestProblem;
import graphql.ExecutionResult;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Serves one endpoint: reads its parameters, runs its operation, answers with the resource or a problem. */
final class EndpointHandler implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(EndpointHandler.class);

  private final Endpoint endpoint;
  private final RequestExecutor requests;
  private final ParameterReader parameters;
  private final ResultClassifier classifier;
  private final EndpointResponder responder;

  EndpointHandler(Endpoint endpoint, RequestExecutor requests, ParameterReader parameters, ResultClassifier classifier,
                  EndpointResponder responder) {
    this.endpoint = endpoint;
    this.requests = requests;
    this.parameters = parameters;
    this.classifier = classifier;
    this.responder = responder;
  }

  @Override
  public void handle(RoutingContext ctx) {
    RequestRecord record = RequestRecord.of(ctx);
    if (record != null) {
      record.route(endpoint.route().path()); // the template, never the rendered path
    }
    CompletableFuture<ExecutionResult> running;
    AnswerCache cache = requests.answerCache();
    String scope;
    try {
      Map<String, Object> variables = parameters.read(ctx, endpoint.variables());
      scope = cacheScope(ctx, cache, variables);
      if (scope != null && answeredFromCache(ctx, cache, scope)) {
        return;
      }
      Operation operation = endpoint.operation();
      running = requests.execute(ctx, operation.text(), operation.name(), variables, Map.of());
    } catch (ProblemException e) {
      responder.problem(ctx, e.problem());
      return;
    } catch (RequestProblem e) {
      // The shared entry refused the request (e.g. a malformed Sheaf-Timeout; later, credentials).
      responder.problem(ctx, Problem.refused(e.status(), e.getMessage()));
      return;
    }
    if (record != null && record.planAllowed()) {
      // The body is the resource itself: the plan goes in a header, written with the others, and
      // an answer carrying it is this request's own, never stored.
      ctx.addHeadersEndHandler(v -> ctx.response().putHeader(RequestRecord.PLAN_HEADER, record.planHeader())
          .putHeader(HttpHeaders.CACHE_CONTROL, CachePolicy.NO_STORE));
    }
    // Completes on the event loop that finished the last backend call; nothing here blocks.
    running.whenComplete((result, failure) -> {
      if (failure != null) {
        LOG.error("{} failed", endpoint.route(), failure);
        responder.problem(ctx, Problem.internal());
      } else {
        EndpointResponder.Sent sent = responder.respond(ctx, endpoint, classifier.classify(endpoint, result));
        if (scope != null) {
          RequestCalls calls = ctx.get(RequestCalls.CONTEXT_KEY);
          if (sent != null && calls != null) {
            cache.rememberComposite(scope, sent.etag(), sent.cacheControl(), calls);
          }
        }
      }
    });
  }

  /**
   * A conditional GET whose ETag is the one the last answer under this scope went out with, while
   * every backend answer it was built from is still stored and fresh: 304 without running anything.
   */
  private boolean answeredFromCache(RoutingContext ctx, AnswerCache cache, String scope) {
    String ifNoneMatch = ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH);
    if (ifNoneMatch == null) {
      return false;
    }
    AnswerCache.CompositeAnswer known = cache.stillCurrent(scope, tag -> EntityTag.matches(ifNoneMatch, tag));
    if (known == null) {
      return false;
    }
    responder.notModified(ctx, endpoint, new EndpointResponder.Sent(known.etag(), known.cacheControl()));
    return true;
  }

  /**
   * What the answer of a GET depends on besides the backends: the endpoint, its parameters, and what
   * the caller sends that answers vary by (credentials, forwarded headers). Null when nothing is cached.
   */
  private String cacheScope(RoutingContext ctx, AnswerCache cache, Map<String, Object> variables) {
    HttpMethod method = ctx.request().method();
    if (cache == null || (method != HttpMethod.GET && method != HttpMethod.HEAD)) {
      return null;
    }
    StringBuilder scope = new StringBuilder(endpoint.route().toString()).append('\n').append(variables);
    for (String header : endpoint.cache().vary().split(",")) {
      scope.append('\n').append(ctx.request().getHeader(header.trim()));
    }
    Caller caller = ctx.get(RequestExecutor.CALLER_KEY);
    if (caller != null && caller.authenticated()) {
      scope.append('\n').append(caller.claims().get("iss")).append(' ').append(caller.claims().get("sub"));
    }
    return scope.toString();
  }
}

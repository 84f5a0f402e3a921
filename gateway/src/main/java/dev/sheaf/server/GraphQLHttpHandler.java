package dev.sheaf.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sheaf.insight.RequestRecord;
import graphql.ExecutionResult;
import graphql.incremental.IncrementalExecutionResult;
import graphql.language.Document;
import graphql.language.OperationDefinition;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** GraphQL over HTTP ({@code POST} and {@code GET /graphql}) as the GraphQL-over-HTTP specification describes it. */
final class GraphQLHttpHandler {

  private static final Logger LOG = LoggerFactory.getLogger(GraphQLHttpHandler.class);

  private final RequestExecutor requests;
  private final ObjectMapper json;
  private final GraphQLRequestParser parser;
  private final PersistedQueries persisted;
  private final TrustedOperations trusted;

  GraphQLHttpHandler(RequestExecutor requests, ObjectMapper json, PersistedQueries persisted,
                     TrustedOperations trusted) {
    this.requests = requests;
    this.json = json;
    this.parser = new GraphQLRequestParser();
    this.persisted = persisted;
    this.trusted = trusted;
  }

  void handlePost(RoutingContext ctx) {
    String mediaType = MediaTypes.negotiate(ctx.request().getHeader("accept"));
    try {
      requireAcceptable(mediaType);
      if (!MediaTypes.isJsonRequest(ctx.request().getHeader("content-type"))) {
        throw new RequestProblem(415, "Send the request as Content-Type: application/json (UTF-8)");
      }
      run(ctx, parser.fromBody(ctx.body().buffer()), mediaType, false);
    } catch (RequestProblem problem) {
      respondProblem(ctx, mediaType, problem);
    }
  }

  void handleGet(RoutingContext ctx) {
    String mediaType = MediaTypes.negotiate(ctx.request().getHeader("accept"));
    try {
      requireAcceptable(mediaType);
      run(ctx, parser.fromQueryString(ctx.queryParams()), mediaType, true);
    } catch (RequestProblem problem) {
      respondProblem(ctx, mediaType, problem);
    }
  }

  /**
   * Looks up the text of a trusted document named by id or hash, else of a persisted query named by
   * its hash; admits it as trusted; then executes.
   */
  private void run(RoutingContext ctx, GraphQLRequest sent, String mediaType, boolean overGet) {
    persisted.resolve(trusted.resolve(sent))
        .onFailure(failure -> {
          if (failure instanceof RequestProblem problem) {
            respondProblem(ctx, mediaType, problem);
          } else {
            LOG.error("persisted query lookup failed", failure);
            respondProblem(ctx, mediaType, new RequestProblem(500, "Internal error"));
          }
        })
        .onSuccess(request -> {
          try {
            trusted.admit(request);
            // Checked on the text a hash stands for too: a GET by hash must not run a mutation either.
            if (overGet && isMutation(request)) {
              ctx.response().putHeader("allow", "POST");
              throw new RequestProblem(405, "Mutations are only accepted over POST");
            }
            execute(ctx, request, mediaType);
          } catch (RequestProblem problem) {
            respondProblem(ctx, mediaType, problem);
          }
        });
  }

  private static void requireAcceptable(String mediaType) {
    if (mediaType == null) {
      throw new RequestProblem(406, "Accept application/graphql-response+json or application/json");
    }
  }

  /**
   * GET must not run mutations, so the operation's type is needed before executing. Parsing here
   * is cheap next to the call fan-out; documents that fail to parse are left to execution, which
   * reports them the standard way.
   */
  private static boolean isMutation(GraphQLRequest request) {
    Document document;
    try {
      document = Parser.parse(request.query());
    } catch (InvalidSyntaxException e) {
      return false;
    }
    List<OperationDefinition> operations = document.getDefinitionsOfType(OperationDefinition.class);
    return operations.stream()
        .filter(op -> request.operationName() == null ? operations.size() == 1 : request.operationName().equals(op.getName()))
        .anyMatch(op -> op.getOperation() == OperationDefinition.Operation.MUTATION);
  }

  /**
   * A client that reads multipart/mixed gets the fragments it defers as they resolve; any other
   * client gets the whole result at once, {@code @defer} ignored (graphql-java's incremental
   * support stays off for it).
   */
  private void execute(RoutingContext ctx, GraphQLRequest request, String mediaType) {
    boolean incremental = MediaTypes.acceptsIncremental(ctx.request().getHeader("accept"));
    Context context = ctx.vertx().getOrCreateContext();
    requests.execute(ctx, request.query(), request.operationName(), request.variables(), request.extensions(),
            incremental)
        .whenComplete((result, failure) -> {
          if (failure != null) {
            LOG.error("execution failed", failure);
            respondProblem(ctx, mediaType, new RequestProblem(500, "Internal error"));
          } else if (result instanceof IncrementalExecutionResult parts) {
            IncrementalResponse.write(ctx.response(), json, context, parts);
          } else {
            respondResult(ctx, mediaType, result);
          }
        });
  }

  private void respondResult(RoutingContext ctx, String mediaType, ExecutionResult result) {
    // graphql-response+json: a request that never executed (parse, validation, variables) is a 400.
    int status = !result.isDataPresent() && MediaTypes.GRAPHQL_RESPONSE.equals(mediaType) ? 400 : 200;
    Map<String, Object> body = result.toSpecification();
    RequestRecord record = RequestRecord.of(ctx);
    if (record != null && record.planAllowed()) {
      body = withPlan(body, record.plan());
    }
    write(ctx.response(), status, mediaType, body);
  }

  /** The answer with its plan in {@code extensions.sheaf}, next to any other extensions. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> withPlan(Map<String, Object> body, Map<String, Object> plan) {
    Map<String, Object> answer = new LinkedHashMap<>(body);
    Map<String, Object> extensions = answer.get("extensions") instanceof Map<?, ?> given
        ? new LinkedHashMap<>((Map<String, Object>) given) : new LinkedHashMap<>();
    // Next to what the execution put there already (e.g. the fields fallbacks served).
    Map<String, Object> sheaf = extensions.get("sheaf") instanceof Map<?, ?> before
        ? new LinkedHashMap<>((Map<String, Object>) before) : new LinkedHashMap<>();
    sheaf.putAll(plan);
    extensions.put("sheaf", sheaf);
    answer.put("extensions", extensions);
    return answer;
  }

  private void respondProblem(RoutingContext ctx, String mediaType, RequestProblem problem) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("message", problem.getMessage());
    if (problem.code() != null) {
      error.put("extensions", Map.of("code", problem.code()));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    if (problem.status() == 200) {
      // A 200 refusal is a signal the client acts on (see PersistedQueries). "data": null keeps it a
      // valid graphql-response+json 200; no-store keeps a CDN from answering "not found" for a
      // hash the client is about to register.
      body.put("data", null);
      ctx.response().putHeader("cache-control", "no-store");
    }
    body.put("errors", List.of(error));
    write(ctx.response(), problem.status(), mediaType == null ? MediaTypes.JSON : mediaType, body);
  }

  private void write(HttpServerResponse response, int status, String mediaType, Map<String, Object> body) {
    if (response.ended() || response.closed()) {
      return;
    }
    Buffer bytes;
    try {
      bytes = Buffer.buffer(json.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      LOG.error("cannot serialize a response", e);
      status = 500;
      bytes = Buffer.buffer("{\"errors\":[{\"message\":\"Internal error\"}]}");
    }
    response.setStatusCode(status)
        .putHeader("content-type", mediaType + "; charset=utf-8")
        .end(bytes);
  }
}

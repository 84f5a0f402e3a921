package dev.sheaf.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sheaf.backend.Deadline;
import dev.sheaf.config.ConfigException;
import dev.sheaf.config.Durations;
import dev.sheaf.config.GatewayConfig;
import dev.sheaf.graphql.GraphQLExecutor;
import dev.sheaf.resolver.RequestScope;
import dev.sheaf.resolver.Upstreams;
import graphql.ExecutionResult;
import graphql.language.Document;
import graphql.language.OperationDefinition;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** GraphQL over HTTP ({@code POST} and {@code GET /graphql}) as the GraphQL-over-HTTP specification describes it. */
final class GraphQLHttpHandler {

  /** A client may ask for a shorter deadline than the default (never a longer one than the cap). */
  static final String TIMEOUT_HEADER = "sheaf-timeout";

  private static final Logger LOG = LoggerFactory.getLogger(GraphQLHttpHandler.class);

  private final GraphQLExecutor executor;
  private final Upstreams upstreams;
  private final GatewayConfig config;
  private final ObjectMapper json;
  private final GraphQLRequestParser parser;

  GraphQLHttpHandler(GraphQLExecutor executor, Upstreams upstreams, GatewayConfig config) {
    this.executor = executor;
    this.upstreams = upstreams;
    this.config = config;
    this.json = upstreams.json();
    this.parser = new GraphQLRequestParser(json);
  }

  void handlePost(RoutingContext ctx) {
    String mediaType = MediaTypes.negotiate(ctx.request().getHeader("accept"));
    try {
      requireAcceptable(mediaType);
      if (!MediaTypes.isJsonRequest(ctx.request().getHeader("content-type"))) {
        throw new RequestProblem(415, "Send the request as Content-Type: application/json (UTF-8)");
      }
      execute(ctx, parser.fromBody(ctx.body().buffer()), mediaType);
    } catch (RequestProblem problem) {
      respondProblem(ctx, mediaType, problem);
    }
  }

  void handleGet(RoutingContext ctx) {
    String mediaType = MediaTypes.negotiate(ctx.request().getHeader("accept"));
    try {
      requireAcceptable(mediaType);
      GraphQLRequest request = parser.fromQueryString(ctx.queryParams());
      if (isMutation(request)) {
        ctx.response().putHeader("allow", "POST");
        throw new RequestProblem(405, "Mutations are only accepted over POST");
      }
      execute(ctx, request, mediaType);
    } catch (RequestProblem problem) {
      respondProblem(ctx, mediaType, problem);
    }
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

  private void execute(RoutingContext ctx, GraphQLRequest request, String mediaType) {
    Deadline deadline = Deadline.after(requestedDeadline(ctx.request().getHeader(TIMEOUT_HEADER)));
    RequestScope scope = new RequestScope(deadline, lowerCaseHeaders(ctx.request().headers()), upstreams,
        ctx.vertx().getOrCreateContext());
    executor.execute(request.query(), request.operationName(), request.variables(), request.extensions(), scope)
        .whenComplete((result, failure) -> {
          if (failure != null) {
            LOG.error("execution failed", failure);
            respondProblem(ctx, mediaType, new RequestProblem(500, "Internal error"));
          } else {
            respondResult(ctx, mediaType, result);
          }
        });
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

  private void respondResult(RoutingContext ctx, String mediaType, ExecutionResult result) {
    // graphql-response+json: a request that never executed (parse, validation, variables) is a 400.
    int status = !result.isDataPresent() && MediaTypes.GRAPHQL_RESPONSE.equals(mediaType) ? 400 : 200;
    write(ctx.response(), status, mediaType, result.toSpecification());
  }

  private void respondProblem(RoutingContext ctx, String mediaType, RequestProblem problem) {
    write(ctx.response(), problem.status(), mediaType == null ? MediaTypes.JSON : mediaType,
        Map.of("errors", List.of(Map.of("message", problem.getMessage()))));
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

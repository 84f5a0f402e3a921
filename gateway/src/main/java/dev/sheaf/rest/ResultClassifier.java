package dev.sheaf.rest;

import dev.sheaf.backend.ErrorCode;
import graphql.ExecutionResult;
import graphql.GraphQLError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a GraphQL result the way an HTTP client needs it: the resource at the endpoint's response
 * path, complete or partial; or why there is none, as a status.
 */
final class ResultClassifier {

  private static final Logger LOG = LoggerFactory.getLogger(ResultClassifier.class);

  Outcome classify(Endpoint endpoint, ExecutionResult result) {
    if (!result.isDataPresent()) {
      // Never executed: graphql-java refused the variables (e.g. a body value of the wrong shape).
      String detail = result.getErrors().isEmpty() ? "The request cannot be run"
          : result.getErrors().get(0).getMessage();
      return new Outcome.Unavailable(new Problem(ProblemType.INVALID_REQUEST, 400, detail, List.of(),
          result.getErrors().stream().map(e -> clientError(e, List.of())).toList()));
    }
    ResponsePath path = endpoint.response().path();
    List<Map<String, Object>> errors = result.getErrors().stream()
        .filter(e -> path.concerns(e.getPath()))
        .map(e -> clientError(e, path.relativize(e.getPath())))
        .toList();
    if (errors.size() < result.getErrors().size()) {
      LOG.debug("{}: {} errors outside {} left out of the answer", endpoint.route(),
          result.getErrors().size() - errors.size(), path);
    }
    Object resource = path.select(result.getData());
    if (resource == null) {
      if (!errors.isEmpty()) {
        return new Outcome.Unavailable(failure(errors));
      }
      return endpoint.notFoundStatus() == 200 ? new Outcome.Complete(null)
          : new Outcome.Unavailable(Problem.of(ProblemType.RESOURCE_NOT_FOUND, 404, "No " + describe(path)
              + " matches this request"));
    }
    if (errors.isEmpty()) {
      return new Outcome.Complete(resource);
    }
    @SuppressWarnings("unchecked") // the response path names an object (checked at start-up)
    Map<String, Object> object = (Map<String, Object>) resource;
    return new Outcome.Partial(object, errors);
  }

  /** How a failed resource is reported: problem type, status, detail. */
  private record Failure(ProblemType type, int status, String detail) {
    Problem with(List<Map<String, Object>> errors) {
      return new Problem(type, status, detail, List.of(), errors);
    }
  }

  private static final Failure TIMED_OUT =
      new Failure(ProblemType.BACKEND_TIMEOUT, 504, "The backends of this resource did not answer in time");
  private static final Failure INTERNAL =
      new Failure(ProblemType.INTERNAL_ERROR, 500, "The gateway failed to load this resource");
  private static final Failure BACKEND_FAILED =
      new Failure(ProblemType.BACKEND_FAILED, 502, "The backends of this resource failed");

  /**
   * Codes a client can act on. UNAUTHENTICATED and FORBIDDEN are the seam for authentication: once
   * the auth layer reports them as coded errors, endpoints answer 401 and 403.
   */
  private static final Map<String, Failure> ACTIONABLE = Map.of(
      ErrorCode.UNAUTHENTICATED.name(),
      new Failure(ProblemType.UNAUTHENTICATED, 401, "Authenticate to see this resource"),
      ErrorCode.FORBIDDEN.name(), new Failure(ProblemType.FORBIDDEN, 403, "The caller may not see this resource"),
      ErrorCode.NOT_FOUND.name(), new Failure(ProblemType.RESOURCE_NOT_FOUND, 404, "The backend has no such resource"),
      ErrorCode.BAD_USER_INPUT.name(), new Failure(ProblemType.INVALID_REQUEST, 400, "The backend refused the input"));

  /**
   * The status of a resource whose fetch failed: 504 when every error is a timeout; else the status
   * a client can act on when an error has one; 500 for a fault in the gateway; 502 otherwise.
   */
  private static Problem failure(List<Map<String, Object>> errors) {
    List<String> codes = errors.stream().map(ResultClassifier::codeOf).toList();
    if (codes.stream().allMatch(ErrorCode.BACKEND_TIMEOUT.name()::equals)) {
      return TIMED_OUT.with(errors);
    }
    return codes.stream().filter(ACTIONABLE::containsKey).findFirst().map(ACTIONABLE::get)
        .orElse(codes.contains(ErrorCode.INTERNAL_ERROR.name()) ? INTERNAL : BACKEND_FAILED)
        .with(errors);
  }

  private static String codeOf(Map<String, Object> error) {
    return error.get("extensions") instanceof Map<?, ?> extensions && extensions.get("code") instanceof String code
        ? code : "";
  }

  /**
   * An error as the client sees it: message, path relative to the body, extensions. No
   * {@code locations}: they point into an operation document the client never sees.
   */
  private static Map<String, Object> clientError(GraphQLError error, List<?> path) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("message", error.getMessage());
    if (error.getPath() != null) {
      json.put("path", path);
    }
    if (error.getExtensions() != null && !error.getExtensions().isEmpty()) {
      json.put("extensions", error.getExtensions());
    }
    return json;
  }

  private static String describe(ResponsePath path) {
    return path.keys().isEmpty() ? "data" : path.keys().get(path.keys().size() - 1);
  }
}

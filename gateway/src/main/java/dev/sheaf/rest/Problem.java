package dev.sheaf.rest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An RFC 9457 problem detail ({@code application/problem+json}) an endpoint answers with instead of
 * the resource.
 *
 * @param invalidParams the parameters at fault (the {@code invalid-params} member), or empty
 * @param errors        the GraphQL errors that made the resource unavailable, or empty
 */
record Problem(ProblemType type, int status, String detail, List<InvalidParameter> invalidParams,
               List<Map<String, Object>> errors) {

  /** One parameter at fault: its name, where it is ({@code path}, {@code query}, {@code body}, {@code header}), why. */
  record InvalidParameter(String name, String in, String reason) {
    Map<String, Object> toJson() {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("name", name);
      json.put("in", in);
      json.put("reason", reason);
      return json;
    }
  }

  static Problem of(ProblemType type, int status, String detail) {
    return new Problem(type, status, detail, List.of(), List.of());
  }

  static Problem invalidParameters(List<InvalidParameter> parameters) {
    InvalidParameter first = parameters.get(0);
    String detail = parameters.size() == 1
        ? "The " + first.in() + " parameter '" + first.name() + "' " + first.reason()
        : parameters.size() + " parameters are missing or invalid; see invalid-params";
    return new Problem(ProblemType.INVALID_PARAMETER, 400, detail, List.copyOf(parameters), List.of());
  }

  static Problem invalidParameter(String name, String in, String reason) {
    return invalidParameters(List.of(new InvalidParameter(name, in, reason)));
  }

  /** A request refused before it ran, by status. */
  static Problem refused(int status, String detail) {
    ProblemType type = switch (status) {
      case 401 -> ProblemType.UNAUTHENTICATED;
      case 403 -> ProblemType.FORBIDDEN;
      case 413 -> ProblemType.PAYLOAD_TOO_LARGE;
      case 415 -> ProblemType.UNSUPPORTED_MEDIA_TYPE;
      default -> status >= 500 ? ProblemType.INTERNAL_ERROR : ProblemType.INVALID_REQUEST;
    };
    return of(type, status, detail);
  }

  static Problem internal() {
    return of(ProblemType.INTERNAL_ERROR, 500, "The gateway failed to answer; the details are in its log");
  }

  Map<String, Object> toJson() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", type.uri());
    body.put("title", type.title());
    body.put("status", status);
    body.put("detail", detail);
    if (!invalidParams.isEmpty()) {
      body.put("invalid-params", invalidParams.stream().map(InvalidParameter::toJson).toList());
    }
    if (!errors.isEmpty()) {
      body.put("errors", errors);
    }
    return body;
  }
}

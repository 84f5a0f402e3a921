package dev.sheaf.rest;

import static dev.sheaf.rest.JsonSchemaTypes.NODES;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** The parts of the OpenAPI description every endpoint shares: the problem and error schemas, responses, headers. */
final class OpenApiComponents {

  static final String PROBLEM = "#/components/schemas/Problem";
  static final String GRAPHQL_ERROR = "#/components/schemas/GraphQLError";

  /** An error status every endpoint may answer with, and the shared response describing it. */
  record ErrorResponse(String status, String name) {
  }

  static final List<ErrorResponse> ERROR_RESPONSES = List.of(
      new ErrorResponse("400", "BadRequest"),
      new ErrorResponse("401", "Unauthorized"),
      new ErrorResponse("403", "Forbidden"),
      new ErrorResponse("404", "NotFound"),
      new ErrorResponse("500", "InternalServerError"),
      new ErrorResponse("502", "BadGateway"),
      new ErrorResponse("503", "ServiceUnavailable"),
      new ErrorResponse("504", "GatewayTimeout"));

  private OpenApiComponents() {
  }

  static ObjectNode create() {
    ObjectNode components = NODES.objectNode();
    ObjectNode schemas = components.putObject("schemas");
    schemas.set("Problem", problem());
    schemas.set("GraphQLError", graphQLError());
    ObjectNode responses = components.putObject("responses");
    responses.set("NotModified", notModified());
    responses.set("BadRequest", problemResponse("A parameter is missing or invalid (see invalid-params), or the "
        + "request cannot be run"));
    // 401, 403 and 503 come only from a gateway that checks tokens (auth: in its configuration).
    responses.set("Unauthorized", problemResponse("The token is missing where one is required (by the gateway or a "
        + "field of the resource), or invalid; see WWW-Authenticate"));
    responses.set("Forbidden", problemResponse("The caller may not see a field of the resource (a scope is missing)"));
    responses.set("ServiceUnavailable", problemResponse("The token cannot be checked yet: the issuer's signing keys "
        + "were never fetched; see Retry-After"));
    responses.set("NotFound", problemResponse("The resource does not exist"));
    responses.set("UnsupportedMediaType", problemResponse("The body is not application/json"));
    responses.set("InternalServerError", problemResponse("A fault in the gateway"));
    responses.set("BadGateway", problemResponse("The backends of the resource failed (see errors)"));
    responses.set("GatewayTimeout", problemResponse("The backends of the resource timed out (see errors)"));
    components.set("headers", headers());
    return components;
  }

  static String response(String name) {
    return "#/components/responses/" + name;
  }

  static String header(String name) {
    return "#/components/headers/" + name;
  }

  private static ObjectNode problem() {
    ObjectNode problem = JsonSchemaTypes.typed("object", false)
        .put("description", "An RFC 9457 problem detail (application/problem+json)");
    ObjectNode properties = problem.putObject("properties");
    properties.set("type", JsonSchemaTypes.typed("string", false).put("format", "uri"));
    properties.set("title", JsonSchemaTypes.typed("string", false));
    properties.set("status", JsonSchemaTypes.typed("integer", false));
    properties.set("detail", JsonSchemaTypes.typed("string", false));
    ObjectNode invalid = JsonSchemaTypes.typed("array", false)
        .put("description", "The parameters that are missing or invalid");
    ObjectNode parameter = invalid.putObject("items").put("type", "object");
    ObjectNode parameterProperties = parameter.putObject("properties");
    parameterProperties.set("name", JsonSchemaTypes.typed("string", false));
    ObjectNode in = JsonSchemaTypes.typed("string", false);
    in.putArray("enum").add("path").add("query").add("body").add("header");
    parameterProperties.set("in", in);
    parameterProperties.set("reason", JsonSchemaTypes.typed("string", false));
    parameter.putArray("required").add("name").add("in").add("reason");
    properties.set("invalid-params", invalid);
    ObjectNode errors = JsonSchemaTypes.typed("array", false)
        .put("description", "The GraphQL errors that made the resource unavailable");
    errors.set("items", JsonSchemaTypes.reference(GRAPHQL_ERROR, false));
    properties.set("errors", errors);
    problem.putArray("required").add("type").add("title").add("status");
    return problem;
  }

  private static ObjectNode graphQLError() {
    ObjectNode error = JsonSchemaTypes.typed("object", false)
        .put("description", "A GraphQL error with its stable code in extensions.code");
    ObjectNode properties = error.putObject("properties");
    properties.set("message", JsonSchemaTypes.typed("string", false));
    ObjectNode path = JsonSchemaTypes.typed("array", false)
        .put("description", "Where the null field is, relative to the response body");
    path.putObject("items").putArray("type").add("string").add("integer");
    properties.set("path", path);
    ObjectNode extensions = JsonSchemaTypes.typed("object", false);
    ObjectNode extensionProperties = extensions.putObject("properties");
    extensionProperties.set("code", JsonSchemaTypes.typed("string", false)
        .put("description", "BACKEND_TIMEOUT, BACKEND_UNAVAILABLE, BACKEND_ERROR, BAD_BACKEND_RESPONSE, NOT_FOUND, "
            + "UNAUTHENTICATED, FORBIDDEN or INTERNAL_ERROR"));
    extensionProperties.set("backend", JsonSchemaTypes.typed("string", false)
        .put("description", "The backend that failed"));
    extensions.putArray("required").add("code");
    properties.set("extensions", extensions);
    error.putArray("required").add("message");
    return error;
  }

  private static ObjectNode problemResponse(String description) {
    ObjectNode response = NODES.objectNode().put("description", description);
    response.putObject("content").putObject("application/problem+json").set("schema",
        JsonSchemaTypes.reference(PROBLEM, false));
    return response;
  }

  private static ObjectNode notModified() {
    ObjectNode response = NODES.objectNode()
        .put("description", "The representation the client holds (If-None-Match) is still current; no body");
    ObjectNode headers = response.putObject("headers");
    headers.set("ETag", JsonSchemaTypes.reference(header("ETag"), false));
    headers.set("Cache-Control", JsonSchemaTypes.reference(header("Cache-Control"), false));
    headers.set("Vary", JsonSchemaTypes.reference(header("Vary"), false));
    return response;
  }

  private static ObjectNode headers() {
    ObjectNode headers = NODES.objectNode();
    ObjectNode complete = headerOf("true when every field of the resource resolved; false for a partial answer, "
        + "whose body carries errors and which is never cached");
    ArrayNode values = ((ObjectNode) complete.get("schema")).putArray("enum");
    values.add("true").add("false");
    headers.set("Sheaf-Complete", complete);
    headers.set("ETag", headerOf("A strong validator of the body (complete answers to GET only); send it back in "
        + "If-None-Match"));
    headers.set("Cache-Control", headerOf("The endpoint's caching policy; private when the request carried "
        + "Authorization; no-store for partial answers"));
    headers.set("Vary", headerOf("The request headers the answer depends on"));
    return headers;
  }

  private static ObjectNode headerOf(String description) {
    ObjectNode header = NODES.objectNode().put("description", description);
    header.set("schema", JsonSchemaTypes.typed("string", false));
    return header;
  }
}

package dev.sheaf.server;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.Map;

/** Reads the GraphQL parameters from a POST body or GET query string, refusing malformed ones with a 400. */
final class GraphQLRequestParser {

  private final ClientJson json = new ClientJson();

  GraphQLRequest fromBody(Buffer body) {
    if (body == null || body.length() == 0) {
      throw new RequestProblem(400, "The request body is empty; send a JSON object with a \"query\"");
    }
    Object parsed;
    try {
      parsed = json.read(body.getBytes());
    } catch (ClientJson.Malformed e) {
      throw new RequestProblem(400, "The request body " + e.getMessage());
    }
    if (!(parsed instanceof Map<?, ?> map)) {
      throw new RequestProblem(400, "The request body must be a JSON object with a \"query\"");
    }
    return check(map.get("query"), map.get("operationName"), map.get("variables"), map.get("extensions"),
        map.get("documentId"));
  }

  GraphQLRequest fromQueryString(MultiMap params) {
    return check(params.get("query"), params.get("operationName"),
        parseJsonParam(params.get("variables"), "variables"), parseJsonParam(params.get("extensions"), "extensions"),
        params.get("documentId"));
  }

  private Object parseJsonParam(String text, String name) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    try {
      return json.read(text);
    } catch (ClientJson.Malformed e) {
      throw new RequestProblem(400, "The \"" + name + "\" parameter " + e.getMessage());
    }
  }

  @SuppressWarnings("unchecked")
  private static GraphQLRequest check(Object query, Object operationName, Object variables, Object extensions,
                                      Object documentId) {
    if (query != null && (!(query instanceof String text) || text.isBlank())) {
      throw new RequestProblem(400, "The \"query\" parameter must be a non-empty string");
    }
    if (operationName != null && !(operationName instanceof String)) {
      throw new RequestProblem(400, "The \"operationName\" parameter must be a string");
    }
    if (variables != null && !(variables instanceof Map)) {
      throw new RequestProblem(400, "The \"variables\" parameter must be a JSON object");
    }
    if (extensions != null && !(extensions instanceof Map)) {
      throw new RequestProblem(400, "The \"extensions\" parameter must be a JSON object");
    }
    if (documentId != null && (!(documentId instanceof String id) || id.isBlank())) {
      throw new RequestProblem(400, "The \"documentId\" parameter must be a non-empty string");
    }
    if (documentId != null && query != null) {
      throw new RequestProblem(400, "Send either \"query\" or \"documentId\", not both");
    }
    // A persisted query's hash or a trusted document's id may stand in for the text.
    if (query == null && documentId == null && (extensions == null || !((Map<?, ?>) extensions).containsKey(PersistedQueries.EXTENSION))) {
      throw new RequestProblem(400, "The \"query\" parameter is missing");
    }
    return new GraphQLRequest((String) query, (String) operationName,
        variables == null ? Map.of() : (Map<String, Object>) variables,
        extensions == null ? Map.of() : (Map<String, Object>) extensions, (String) documentId);
  }
}

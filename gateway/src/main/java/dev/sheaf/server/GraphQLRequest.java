package dev.sheaf.server;

import java.util.Map;

/**
 * The four parameters of a GraphQL-over-HTTP request, already checked for type.
 *
 * @param query the document's text; null only while a persisted query's hash is yet to be looked up
 */
record GraphQLRequest(String query, String operationName, Map<String, Object> variables,
                      Map<String, Object> extensions) {

  GraphQLRequest withQuery(String text) {
    return new GraphQLRequest(text, operationName, variables, extensions);
  }
}

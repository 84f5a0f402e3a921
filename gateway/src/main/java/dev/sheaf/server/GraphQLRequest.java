package dev.sheaf.server;

import java.util.Map;

/**
 * The parameters of a GraphQL-over-HTTP request, already checked for type.
 *
 * @param query the document's text; null only while a persisted query's hash or a trusted
 *              document's id is yet to be looked up
 * @param documentId the id of a trusted document sent instead of the text (the GraphQL-over-HTTP
 *                   persisted-documents proposal), or null
 */
record GraphQLRequest(String query, String operationName, Map<String, Object> variables,
                      Map<String, Object> extensions, String documentId) {

  GraphQLRequest withQuery(String text) {
    return new GraphQLRequest(text, operationName, variables, extensions, documentId);
  }

  GraphQLRequest withExtensions(Map<String, Object> newExtensions) {
    return new GraphQLRequest(query, operationName, variables, newExtensions, documentId);
  }
}

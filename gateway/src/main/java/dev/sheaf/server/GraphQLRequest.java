package dev.sheaf.server;

import java.util.Map;

/** The four parameters of a GraphQL-over-HTTP request, already checked for type. */
record GraphQLRequest(String query, String operationName, Map<String, Object> variables,
                      Map<String, Object> extensions) {
}

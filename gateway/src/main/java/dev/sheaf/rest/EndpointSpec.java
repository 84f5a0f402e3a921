package dev.sheaf.rest;

import java.util.Map;

/**
 * One REST composite endpoint as written under {@code endpoints:} in a binding file, keyed by its
 * route ({@code "GET /api/v1/home/{userId}"}). Unknown keys are refused when it is read.
 *
 * @param operation     a GraphQL document in {@code schema/operations/} (this or {@code query})
 * @param query         the GraphQL document inline (this or {@code operation})
 * @param operationName which operation of the document; needed only when it holds several
 * @param variables     operation variable to its source: {@code {path.x}}, {@code {query.x}},
 *                      {@code {body}} or {@code {body.x}}; unlisted variables come from the path
 *                      or query parameter of the same name
 * @param response      dot path into {@code data} of the object that becomes the body (default: all of it)
 * @param notFound      status when that object is null without errors: 404 (default) or 200 (body {@code null})
 * @param cacheControl  the {@code Cache-Control} of complete answers (default {@code no-cache})
 * @param status        the status of an answer with the resource: 200 (default), or 201 for a POST or
 *                      PUT that creates it
 */
record EndpointSpec(String operation, String query, String operationName, Map<String, String> variables,
                    String response, Integer notFound, String cacheControl, Integer status) {

  EndpointSpec {
    variables = variables == null ? Map.of() : variables;
  }
}

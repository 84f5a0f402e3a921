package dev.sheaf.rest;

import java.util.List;

/**
 * A REST composite endpoint, validated and ready to serve: a route, the GraphQL operation it runs,
 * where the operation's variables come from, and what of the result becomes the body.
 *
 * @param notFoundStatus the status when the resource is null without errors: 404, or 200 with a null body
 * @param status         the status of an answer with the resource, complete or partial: 200, or 201 (created)
 */
record Endpoint(RouteTemplate route, Operation operation, List<VariableSource> variables, ResponseShape response,
                int notFoundStatus, CachePolicy cache, int status) {
}

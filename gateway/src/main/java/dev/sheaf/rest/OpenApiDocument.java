package dev.sheaf.rest;

import static dev.sheaf.rest.JsonSchemaTypes.NODES;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sheaf.rest.VariableSource.Origin;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLTypeUtil;
import io.vertx.core.http.HttpMethod;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The OpenAPI 3.1 description of the endpoints, generated from their declarations and the GraphQL
 * types of what their operations select, never written by hand.
 */
final class OpenApiDocument {

  private final GraphQLSchema schema;

  OpenApiDocument(GraphQLSchema schema) {
    this.schema = schema;
  }

  String render(List<Endpoint> endpoints) {
    ObjectNode document = NODES.objectNode().put("openapi", "3.1.0");
    document.putObject("info")
        .put("title", "Sheaf REST composite endpoints")
        .put("version", "1")
        .put("description", "Each endpoint runs a GraphQL operation over the gateway's schema and returns part of "
            + "its data as plain JSON. Generated from the endpoint declarations.");
    ObjectNode paths = document.putObject("paths");
    ObjectNode components = OpenApiComponents.create();
    ObjectNode schemas = (ObjectNode) components.get("schemas");
    InputSchemas inputs = new InputSchemas(schemas);
    ResponseSchemas bodies = new ResponseSchemas(schema);
    for (Endpoint endpoint : endpoints) {
      String id = operationId(endpoint.route());
      String bodySchema = Character.toUpperCase(id.charAt(0)) + id.substring(1) + "Response";
      schemas.set(bodySchema, bodies.body(endpoint, OpenApiComponents.GRAPHQL_ERROR));
      ObjectNode pathItem = paths.has(endpoint.route().path()) ? (ObjectNode) paths.get(endpoint.route().path())
          : paths.putObject(endpoint.route().path());
      pathItem.set(endpoint.route().method().name().toLowerCase(Locale.ROOT),
          operation(endpoint, id, "#/components/schemas/" + bodySchema, inputs));
    }
    document.set("components", components);
    return document.toPrettyString();
  }

  private ObjectNode operation(Endpoint endpoint, String id, String bodySchema, InputSchemas inputs) {
    Operation operation = endpoint.operation();
    String kind = operation.definition().getOperation().name().toLowerCase(Locale.ROOT);
    String name = operation.definition().getName();
    ObjectNode result = NODES.objectNode()
        .put("operationId", id)
        .put("summary", name != null ? name : endpoint.route().toString())
        .put("description", "Runs the GraphQL " + kind + (name != null ? " " + name : "") + " ("
            + operation.origin() + "); the body is " + endpoint.response().path() + ".");
    ArrayNode parameters = parameters(endpoint, inputs);
    if (!parameters.isEmpty()) {
      result.set("parameters", parameters);
    }
    ObjectNode body = requestBody(endpoint, inputs);
    if (body != null) {
      result.set("requestBody", body);
    }
    result.set("responses", responses(endpoint, bodySchema, body != null));
    return result;
  }

  private static ArrayNode parameters(Endpoint endpoint, InputSchemas inputs) {
    ArrayNode parameters = NODES.arrayNode();
    Set<String> described = new HashSet<>();
    for (VariableSource source : endpoint.variables()) {
      if (source.origin() == Origin.BODY || !described.add(source.origin() + ":" + source.name())) {
        continue;
      }
      // A parameter that is present has a value: its schema is the variable's type without null.
      ObjectNode schemaOfValue = inputs.of(GraphQLNonNull.nonNull(GraphQLTypeUtil.unwrapNonNull(source.type())));
      if (source.definition().getDefaultValue() != null) {
        schemaOfValue.set("default", LiteralValues.toJson(source.definition().getDefaultValue()));
      }
      ObjectNode parameter = parameters.addObject()
          .put("name", source.name())
          .put("in", source.origin().in())
          .put("required", source.origin() == Origin.PATH || source.required());
      if (GraphQLTypeUtil.isList(GraphQLTypeUtil.unwrapNonNull(source.type()))) {
        parameter.put("style", "form").put("explode", true); // ?ids=1&ids=2
      }
      parameter.set("schema", schemaOfValue);
    }
    return parameters;
  }

  private static ObjectNode requestBody(Endpoint endpoint, InputSchemas inputs) {
    List<VariableSource> fromBody = endpoint.variables().stream().filter(s -> s.origin() == Origin.BODY).toList();
    if (fromBody.isEmpty()) {
      return null;
    }
    ObjectNode schemaOfBody;
    boolean required;
    if (fromBody.get(0).name() == null) {
      schemaOfBody = inputs.of(fromBody.get(0).type());
      required = fromBody.get(0).required();
    } else {
      schemaOfBody = JsonSchemaTypes.typed("object", false);
      ObjectNode properties = schemaOfBody.putObject("properties");
      ArrayNode members = schemaOfBody.putArray("required");
      fromBody.forEach(s -> {
        properties.set(s.name(), inputs.of(s.type()));
        if (s.required()) {
          members.add(s.name());
        }
      });
      required = !members.isEmpty();
    }
    ObjectNode body = NODES.objectNode().put("required", required);
    body.putObject("content").putObject("application/json").set("schema", schemaOfBody);
    return body;
  }

  private static ObjectNode responses(Endpoint endpoint, String bodySchema, boolean hasBody) {
    boolean cacheable = endpoint.route().method() == HttpMethod.GET;
    ObjectNode responses = NODES.objectNode();
    ObjectNode ok = responses.putObject(String.valueOf(endpoint.status()))
        .put("description", (endpoint.status() == 201 ? "The created resource" : "The resource")
            + ": complete (Sheaf-Complete: true), or partial (Sheaf-Complete: false) with the errors of its "
            + "null fields in errors");
    ObjectNode headers = ok.putObject("headers");
    headers.set("Sheaf-Complete", JsonSchemaTypes.reference(OpenApiComponents.header("Sheaf-Complete"), false));
    headers.set("Cache-Control", JsonSchemaTypes.reference(OpenApiComponents.header("Cache-Control"), false));
    if (cacheable) {
      headers.set("ETag", JsonSchemaTypes.reference(OpenApiComponents.header("ETag"), false));
      headers.set("Vary", JsonSchemaTypes.reference(OpenApiComponents.header("Vary"), false));
    }
    ok.putObject("content").putObject("application/json").set("schema", JsonSchemaTypes.reference(bodySchema, false));
    if (cacheable) {
      responses.set("304", JsonSchemaTypes.reference(OpenApiComponents.response("NotModified"), false));
    }
    if (hasBody) {
      responses.set("415", JsonSchemaTypes.reference(OpenApiComponents.response("UnsupportedMediaType"), false));
    }
    OpenApiComponents.ERROR_RESPONSES.forEach(error ->
        responses.set(error.status(), JsonSchemaTypes.reference(OpenApiComponents.response(error.name()), false)));
    return responses;
  }

  /** {@code GET /api/v1/home/{userId}} becomes {@code getApiV1HomeByUserId}: unique, as routes are. */
  static String operationId(RouteTemplate route) {
    StringBuilder id = new StringBuilder(route.method().name().toLowerCase(Locale.ROOT));
    for (String segment : route.segments()) {
      boolean parameter = segment.startsWith("{");
      String word = parameter ? segment.substring(1, segment.length() - 1) : segment;
      if (parameter) {
        id.append("By");
      }
      for (String part : word.split("[^A-Za-z0-9]+")) {
        if (!part.isEmpty()) {
          id.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
      }
    }
    return id.toString();
  }
}

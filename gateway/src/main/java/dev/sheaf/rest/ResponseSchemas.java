package dev.sheaf.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import graphql.schema.GraphQLCompositeType;
import graphql.schema.GraphQLInterfaceType;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNamedOutputType;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLOutputType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import graphql.schema.GraphQLUnionType;
import java.util.List;

/**
 * The JSON Schema of an endpoint's body, derived from what its operation selects: response keys
 * (aliases included), nullability, lists, enums and {@code __typename}. Objects allow no other
 * members, because the gateway returns exactly the selection.
 */
final class ResponseSchemas {

  private final GraphQLSchema schema;

  ResponseSchemas(GraphQLSchema schema) {
    this.schema = schema;
  }

  /** The body of a 200: the resource, plus {@code errors} when the answer is partial. */
  ObjectNode body(Endpoint endpoint, String errorSchema) {
    SelectionWalker walker = new SelectionWalker(schema, endpoint.operation().fragments());
    ResponseShape shape = endpoint.response();
    ObjectNode body = object(walker, shape.type(), shape.fields(), endpoint.notFoundStatus() == 200);
    ObjectNode errors = JsonSchemaTypes.typed("array", false)
        .put("description", "Only in partial answers (Sheaf-Complete: false): the errors of the fields that are "
            + "null, with their path relative to this object");
    errors.set("items", JsonSchemaTypes.reference(errorSchema, false));
    ((ObjectNode) body.get("properties")).set(ResponseShapeCompiler.ERRORS, errors);
    return body;
  }

  private ObjectNode object(SelectionWalker walker, GraphQLCompositeType type, List<SelectedField> fields,
                            boolean nullable) {
    ObjectNode object = JsonSchemaTypes.typed("object", nullable);
    ObjectNode properties = object.putObject("properties");
    ArrayNode required = object.putArray("required");
    for (SelectedField field : fields) {
      ObjectNode member = field.isTypename() ? typename(type) : output(walker, field.type(), field);
      if (field.description() != null && !field.isTypename()) {
        member.put("description", field.description());
      }
      properties.set(field.key(), member);
      if (field.always()) {
        required.add(field.key());
      }
    }
    object.put("additionalProperties", false);
    return object;
  }

  private ObjectNode output(SelectionWalker walker, GraphQLOutputType type, SelectedField field) {
    boolean nullable = !GraphQLTypeUtil.isNonNull(type);
    GraphQLType unwrapped = GraphQLTypeUtil.unwrapNonNull(type);
    if (unwrapped instanceof GraphQLList list) {
      ObjectNode array = JsonSchemaTypes.typed("array", nullable);
      array.set("items", output(walker, (GraphQLOutputType) list.getWrappedType(), field));
      return array;
    }
    if (unwrapped instanceof GraphQLCompositeType composite) {
      return object(walker, composite, walker.fieldsOf(composite, field.selections()), nullable);
    }
    return JsonSchemaTypes.leaf(unwrapped, nullable);
  }

  private ObjectNode typename(GraphQLCompositeType type) {
    List<? extends GraphQLNamedOutputType> possible;
    if (type instanceof GraphQLInterfaceType iface) {
      possible = schema.getImplementations(iface);
    } else if (type instanceof GraphQLUnionType union) {
      possible = union.getTypes();
    } else {
      possible = List.of((GraphQLObjectType) type);
    }
    ObjectNode schemaOfName = JsonSchemaTypes.typed("string", false);
    ArrayNode names = schemaOfName.putArray("enum");
    possible.forEach(t -> names.add(t.getName()));
    return schemaOfName;
  }
}

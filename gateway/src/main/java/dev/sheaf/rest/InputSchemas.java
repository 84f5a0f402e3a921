package dev.sheaf.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import graphql.schema.GraphQLInputObjectField;
import graphql.schema.GraphQLInputObjectType;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;

/**
 * JSON Schemas of GraphQL input types, for parameters and request bodies. Input objects become
 * named components referenced by {@code $ref}, which also keeps recursive input types finite.
 */
final class InputSchemas {

  private static final String COMPONENTS = "#/components/schemas/";

  private final ObjectNode components;

  /** @param components where input object schemas are added, by their GraphQL name */
  InputSchemas(ObjectNode components) {
    this.components = components;
  }

  ObjectNode of(GraphQLType type) {
    boolean nullable = !GraphQLTypeUtil.isNonNull(type);
    GraphQLType unwrapped = GraphQLTypeUtil.unwrapNonNull(type);
    if (unwrapped instanceof GraphQLList list) {
      ObjectNode array = JsonSchemaTypes.typed("array", nullable);
      array.set("items", of(list.getWrappedType()));
      return array;
    }
    if (unwrapped instanceof GraphQLInputObjectType object) {
      define(object);
      return JsonSchemaTypes.reference(COMPONENTS + object.getName(), nullable);
    }
    return JsonSchemaTypes.leaf(unwrapped, nullable);
  }

  private void define(GraphQLInputObjectType type) {
    if (components.has(type.getName())) {
      return;
    }
    ObjectNode object = JsonSchemaTypes.typed("object", false);
    components.set(type.getName(), object); // before the fields: a field may refer back to this type
    if (type.getDescription() != null) {
      object.put("description", type.getDescription());
    }
    ObjectNode properties = object.putObject("properties");
    ArrayNode required = object.putArray("required");
    for (GraphQLInputObjectField field : type.getFieldDefinitions()) {
      properties.set(field.getName(), of(field.getType()));
      if (GraphQLTypeUtil.isNonNull(field.getType()) && !field.hasSetDefaultValue()) {
        required.add(field.getName());
      }
    }
    object.put("additionalProperties", false);
  }
}

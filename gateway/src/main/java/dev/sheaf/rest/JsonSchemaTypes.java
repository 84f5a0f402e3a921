package dev.sheaf.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLEnumValueDefinition;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLType;

/**
 * JSON Schema (draft 2020-12, as OpenAPI 3.1 uses it) for GraphQL leaf types. A nullable value is
 * a type union with {@code "null"}, e.g. {@code "type": ["string", "null"]}.
 */
final class JsonSchemaTypes {

  static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private JsonSchemaTypes() {
  }

  static ObjectNode typed(String type, boolean nullable) {
    ObjectNode schema = NODES.objectNode();
    if (nullable) {
      schema.putArray("type").add(type).add("null");
    } else {
      schema.put("type", type);
    }
    return schema;
  }

  /** A scalar or an enum, as graphql-java serializes it. */
  static ObjectNode leaf(GraphQLType type, boolean nullable) {
    if (type instanceof GraphQLEnumType enumType) {
      ObjectNode schema = typed("string", nullable);
      ArrayNode values = schema.putArray("enum");
      enumType.getValues().stream().map(GraphQLEnumValueDefinition::getName).forEach(values::add);
      if (nullable) {
        values.addNull();
      }
      return schema;
    }
    String name = ((GraphQLScalarType) type).getName();
    return switch (name) {
      case "ID", "String" -> typed("string", nullable);
      case "Int" -> typed("integer", nullable).put("format", "int32");
      case "Float" -> typed("number", nullable).put("format", "double");
      case "Boolean" -> typed("boolean", nullable);
      // A custom scalar serializes to whatever its coercing decides: any JSON value.
      default -> NODES.objectNode().put("description", "GraphQL scalar " + name);
    };
  }

  /** {@code {"$ref": ...}}, or a union of it with null. */
  static ObjectNode reference(String pointer, boolean nullable) {
    ObjectNode ref = NODES.objectNode().put("$ref", pointer);
    if (!nullable) {
      return ref;
    }
    ObjectNode either = NODES.objectNode();
    either.putArray("anyOf").add(ref).add(NODES.objectNode().put("type", "null"));
    return either;
  }
}

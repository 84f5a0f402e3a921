package dev.sheaf.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import graphql.language.ArrayValue;
import graphql.language.BooleanValue;
import graphql.language.EnumValue;
import graphql.language.FloatValue;
import graphql.language.IntValue;
import graphql.language.ObjectValue;
import graphql.language.StringValue;
import graphql.language.Value;

/** GraphQL literals (variable defaults in operation documents) as the JSON a client would send. */
final class LiteralValues {

  private LiteralValues() {
  }

  static JsonNode toJson(Value<?> value) {
    if (value instanceof IntValue v) {
      return JsonSchemaTypes.NODES.numberNode(v.getValue());
    }
    if (value instanceof FloatValue v) {
      return JsonSchemaTypes.NODES.numberNode(v.getValue());
    }
    if (value instanceof StringValue v) {
      return JsonSchemaTypes.NODES.textNode(v.getValue());
    }
    if (value instanceof BooleanValue v) {
      return JsonSchemaTypes.NODES.booleanNode(v.isValue());
    }
    if (value instanceof EnumValue v) {
      return JsonSchemaTypes.NODES.textNode(v.getName());
    }
    if (value instanceof ArrayValue v) {
      ArrayNode array = JsonSchemaTypes.NODES.arrayNode();
      v.getValues().forEach(item -> array.add(toJson(item)));
      return array;
    }
    if (value instanceof ObjectValue v) {
      ObjectNode object = JsonSchemaTypes.NODES.objectNode();
      v.getObjectFields().forEach(f -> object.set(f.getName(), toJson(f.getValue())));
      return object;
    }
    return JsonSchemaTypes.NODES.nullNode(); // NullValue; defaults cannot hold variables
  }
}

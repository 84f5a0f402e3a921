package dev.sheaf.warmup;

import graphql.Scalars;
import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLInputObjectField;
import graphql.schema.GraphQLInputObjectType;
import graphql.schema.GraphQLInputType;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLType;
import graphql.schema.idl.ScalarInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The smallest values of a GraphQL type that pass its checks, for the warm-up's made-up arguments and
 * answers. Every ID and String is {@value #KEY}, so a key a made-up answer holds is the key a made-up
 * batch answers for, and entity lookups match as they do with real backends.
 */
final class SampleValues {

  static final String KEY = "1";

  /** How deeply input objects nest before optional parts are left out: schemas may be recursive. */
  private static final int MAX_INPUT_DEPTH = 4;

  private SampleValues() {
  }

  /** A JSON-shaped value of a leaf type (scalar or enum); null for other types. */
  static Object leaf(GraphQLType type) {
    if (type instanceof GraphQLEnumType e) {
      return e.getValues().isEmpty() ? null : e.getValues().get(0).getName();
    }
    if (!(type instanceof GraphQLScalarType scalar)) {
      return null;
    }
    String name = scalar.getName();
    if (name.equals(Scalars.GraphQLInt.getName())) {
      return 1;
    }
    if (name.equals(Scalars.GraphQLFloat.getName())) {
      return 1.0;
    }
    if (name.equals(Scalars.GraphQLBoolean.getName())) {
      return true;
    }
    // ID, String, and custom scalars (most take text): a key-shaped string.
    return KEY;
  }

  /**
   * The sample value of a built-in scalar or an enum as a GraphQL literal, or null for other types (a
   * custom scalar's literal form is its own).
   */
  static String literal(GraphQLType type) {
    if (type instanceof GraphQLEnumType) {
      return (String) leaf(type);
    }
    if (!(type instanceof GraphQLScalarType scalar) || !ScalarInfo.isGraphqlSpecifiedScalar(scalar)) {
      return null;
    }
    Object value = leaf(type);
    return value instanceof String text ? "\"" + text + "\"" : String.valueOf(value);
  }

  /** A JSON-shaped value of an input type: lists of one item, input objects with their required fields. */
  static Object input(GraphQLInputType type) {
    return input(type, 0);
  }

  private static Object input(GraphQLType type, int depth) {
    if (type instanceof GraphQLNonNull nonNull) {
      return input(nonNull.getWrappedType(), depth);
    }
    if (type instanceof GraphQLList list) {
      return List.of(input(list.getWrappedType(), depth));
    }
    if (type instanceof GraphQLInputObjectType object) {
      Map<String, Object> value = new LinkedHashMap<>();
      for (GraphQLInputObjectField field : object.getFieldDefinitions()) {
        boolean required = field.getType() instanceof GraphQLNonNull && !field.hasSetDefaultValue();
        if (required || depth < MAX_INPUT_DEPTH && leaf(unwrap(field.getType())) != null) {
          value.put(field.getName(), input(field.getType(), depth + 1));
        }
      }
      return value;
    }
    return leaf(type);
  }

  /** The named type under non-null and list wrappers. */
  static GraphQLNamedType unwrap(GraphQLType type) {
    GraphQLType inner = type;
    while (inner instanceof GraphQLNonNull || inner instanceof GraphQLList) {
      inner = inner instanceof GraphQLNonNull n ? n.getWrappedType() : ((GraphQLList) inner).getWrappedType();
    }
    return (GraphQLNamedType) inner;
  }
}

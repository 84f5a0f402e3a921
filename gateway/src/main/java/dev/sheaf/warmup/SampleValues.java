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
import java.util.Locale;
import java.util.Map;

/**
 * Values of a GraphQL type that pass its checks, for the warm-up's made-up arguments and answers. Every
 * key is {@value #KEY} (IDs, arguments' strings, and answers' fields named like keys), so a key a made-up
 * answer holds is the key a made-up batch answers for, and entity lookups match as they do with real
 * backends. Answers' other values look like real ones, as the JIT compiles for what it sees: text of
 * a few words, numbers of several digits, prices with cents.
 */
final class SampleValues {

  /** Several digits, as real ids have; digits only, so it also passes as an Int key or a numeric path parameter. */
  static final String KEY = "1042";
  /** An answer's text that is not a key: as long as a name or a title. */
  static final String TEXT = "Sample text of a made-up answer";
  /** An answer's whole number: the key's digits, so an Int key matches too. */
  static final int NUMBER = Integer.parseInt(KEY);
  /** An answer's decimal number: a price, whose shortest decimal form takes more work to print than 1.0. */
  static final double DECIMAL = 12.99;

  /** The words that name a key at the end of a field's name: {@code id}, {@code productId}, {@code product_id}. */
  private static final List<String> KEY_WORDS = List.of("id", "key", "sku");

  /** How deeply input objects nest before optional parts are left out: schemas may be recursive. */
  private static final int MAX_INPUT_DEPTH = 4;

  private SampleValues() {
  }

  /**
   * A JSON-shaped value of a leaf type (scalar or enum) for a made-up answer's field, or one of its list's
   * items; null for other types. Strings are {@link #TEXT} unless the field's name says it holds a key.
   */
  static Object answer(GraphQLType type, String fieldName) {
    if (!(type instanceof GraphQLScalarType scalar)) {
      return leaf(type);
    }
    String name = scalar.getName();
    if (name.equals(Scalars.GraphQLInt.getName())) {
      return NUMBER;
    }
    if (name.equals(Scalars.GraphQLFloat.getName())) {
      return DECIMAL;
    }
    if (name.equals(Scalars.GraphQLString.getName()) && !namesAKey(fieldName)) {
      return TEXT;
    }
    return leaf(type);
  }

  /**
   * Whether a field's name says it holds a key: {@code id}, {@code productId}, {@code product_id},
   * {@code productIds}, {@code sku}, {@code key}, {@code cacheKey}. Such fields get {@link #KEY}, so a key
   * a made-up answer hands on (to a batch, say) is one the batch's made-up answer holds.
   */
  static boolean namesAKey(String fieldName) {
    String name = fieldName.endsWith("s") ? fieldName.substring(0, fieldName.length() - 1) : fieldName;
    String lower = name.toLowerCase(Locale.ROOT);
    for (String word : KEY_WORDS) {
      String capitalized = Character.toUpperCase(word.charAt(0)) + word.substring(1);
      if (lower.equals(word) || lower.endsWith("_" + word) || name.endsWith(capitalized)
          || name.endsWith(word.toUpperCase(Locale.ROOT))) {
        return true;
      }
    }
    return false;
  }

  /** A JSON-shaped value of a leaf type (scalar or enum) for a made-up argument; null for other types. */
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

package dev.sheaf.rest;

import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLEnumValueDefinition;
import graphql.schema.GraphQLInputType;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Turns the text of path and query parameters into values of the variables' GraphQL input types,
 * so a bad one is refused naming the parameter instead of failing deep inside execution.
 */
final class ParameterCoercion {

  /** Why a parameter's text is not a value of its type; the message completes "The parameter 'x' …". */
  static final class InvalidValue extends RuntimeException {
    InvalidValue(String reason) {
      super(reason, null, false, false);
    }
  }

  private ParameterCoercion() {
  }

  /**
   * @param texts every value the request gave (a list type takes them all, others exactly one)
   * @throws InvalidValue when a text is not a value of the type
   */
  static Object coerce(List<String> texts, GraphQLInputType type) {
    GraphQLType unwrapped = GraphQLTypeUtil.unwrapNonNull(type);
    if (unwrapped instanceof GraphQLList list) {
      GraphQLType item = GraphQLTypeUtil.unwrapNonNull(list.getWrappedType());
      List<Object> values = new ArrayList<>(texts.size());
      for (String text : texts) {
        values.add(leaf(text, item));
      }
      return values;
    }
    if (texts.size() > 1) {
      throw new InvalidValue("was given " + texts.size() + " times; give it once");
    }
    return leaf(texts.get(0), unwrapped);
  }

  private static Object leaf(String text, GraphQLType type) {
    if (type instanceof GraphQLEnumType enumType) {
      if (enumType.getValue(text) == null) {
        throw new InvalidValue("must be one of " + enumType.getValues().stream()
            .map(GraphQLEnumValueDefinition::getName).collect(Collectors.joining(", ")) + "; got '" + text + "'");
      }
      return text;
    }
    return switch (((GraphQLScalarType) type).getName()) {
      case "Int" -> integer(text);
      case "Float" -> number(text);
      case "Boolean" -> bool(text);
      // ID and String take any text; a custom scalar checks its own value when the operation runs.
      default -> text;
    };
  }

  private static Integer integer(String text) {
    try {
      return Integer.valueOf(text.trim());
    } catch (NumberFormatException e) {
      throw new InvalidValue("must be an integer (32-bit); got '" + text + "'");
    }
  }

  private static Double number(String text) {
    try {
      // BigDecimal, unlike Double.parseDouble, refuses NaN, Infinity, hex and 'd'/'f' suffixes.
      double value = new BigDecimal(text.trim()).doubleValue();
      if (Double.isFinite(value)) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new InvalidValue("must be a number; got '" + text + "'");
  }

  private static Boolean bool(String text) {
    if (text.equals("true") || text.equals("false")) {
      return Boolean.valueOf(text);
    }
    throw new InvalidValue("must be true or false; got '" + text + "'");
  }
}

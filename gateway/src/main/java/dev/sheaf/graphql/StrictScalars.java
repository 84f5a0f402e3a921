package dev.sheaf.graphql;

import graphql.GraphQLContext;
import graphql.Scalars;
import graphql.execution.CoercedVariables;
import graphql.language.Value;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.CoercingSerializeException;
import graphql.schema.GraphQLScalarType;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/**
 * The built-in {@code ID} scalar, as strict as the GraphQL specification. graphql-java turns any
 * Java value into an ID with {@code String.valueOf}: a variable {@code {"id": {"$gt": ""}}} would
 * reach a backend's URL as {@code {$gt=}}, and a backend's object would reach clients as Java's text
 * of a map. Here an ID is a string or an integer, in and out. ({@code String} cannot be replaced the
 * same way, as the introspection types use the built-in one: {@link LeafValues} checks its values.)
 */
final class StrictScalars {

  private StrictScalars() {
  }

  static final GraphQLScalarType ID = Scalars.GraphQLID.transform(b -> b.coercing(new StrictId()));

  /** The JSON type of a value, for messages that speak of the wire rather than of Java. */
  static String jsonType(Object value) {
    if (value instanceof Map) {
      return "an object";
    }
    if (value instanceof Collection || value != null && value.getClass().isArray()) {
      return "a list";
    }
    if (value instanceof Boolean) {
      return "a boolean";
    }
    if (value instanceof Number) {
      return "a number";
    }
    if (value instanceof CharSequence) {
      return "a string";
    }
    return "a value of another kind";
  }

  private static final class StrictId implements Coercing<Object, String> {
    private final Coercing<?, ?> builtIn = Scalars.GraphQLID.getCoercing();

    @Override
    public String serialize(Object value, GraphQLContext context, Locale locale) {
      String text = idText(value);
      if (text == null) {
        throw new CoercingSerializeException("expected an ID (a string or an integer) but got " + jsonType(value));
      }
      return text;
    }

    @Override
    public Object parseValue(Object input, GraphQLContext context, Locale locale) {
      String text = idText(input);
      if (text == null) {
        throw new CoercingParseValueException("an ID is a string or an integer, not " + jsonType(input));
      }
      return text;
    }

    @Override
    public Object parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale)
        throws CoercingParseLiteralException {
      return builtIn.parseLiteral(input, variables, context, locale);
    }

    @Override
    public Value<?> valueToLiteral(Object input, GraphQLContext context, Locale locale) {
      return builtIn.valueToLiteral(input, context, locale);
    }

    private static String idText(Object value) {
      if (value instanceof String s) {
        return s;
      }
      if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof BigInteger) {
        return value.toString();
      }
      return null;
    }
  }
}

package dev.sheaf.rest;

import graphql.language.NonNullType;
import graphql.language.VariableDefinition;
import graphql.schema.GraphQLInputType;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where one operation variable's value comes from in the HTTP request.
 *
 * @param name the path or query parameter, or the member of the JSON body; null for the whole body
 */
record VariableSource(VariableDefinition definition, GraphQLInputType type, Origin origin, String name) {

  /** The part of the request a value is read from; its lower-case name is OpenAPI's {@code in}. */
  enum Origin {
    PATH, QUERY, BODY;

    String in() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private static final Pattern TEMPLATE = Pattern.compile("\\{(path|query|body)(?:\\.([A-Za-z_][A-Za-z0-9_-]*))?}");

  /** A placeholder as written in {@code variables:}; null when the text is not one. */
  static Placeholder parse(String text) {
    Matcher m = text == null ? null : TEMPLATE.matcher(text.trim());
    if (m == null || !m.matches()) {
      return null;
    }
    Origin origin = Origin.valueOf(m.group(1).toUpperCase(Locale.ROOT));
    if (origin != Origin.BODY && m.group(2) == null) {
      return null;
    }
    return new Placeholder(origin, m.group(2));
  }

  /** A parsed {@code {origin.name}} placeholder, before it is checked against the route and the operation. */
  record Placeholder(Origin origin, String name) {
  }

  String variable() {
    return definition.getName();
  }

  /** Non-null without a default: the request must supply it. */
  boolean required() {
    return definition.getType() instanceof NonNullType && definition.getDefaultValue() == null;
  }

  /** How the request names it, for problems: {@code limit}, or {@code body}. */
  String parameterName() {
    return name == null ? "body" : name;
  }
}

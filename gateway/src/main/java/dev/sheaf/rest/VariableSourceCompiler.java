package dev.sheaf.rest;

import dev.sheaf.rest.VariableSource.Origin;
import dev.sheaf.rest.VariableSource.Placeholder;
import graphql.execution.TypeFromAST;
import graphql.language.VariableDefinition;
import graphql.schema.GraphQLInputType;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides where each operation variable comes from: the {@code variables:} map first, then the
 * path parameter of the same name, then (for optional variables) the query parameter of that name.
 * A required variable must come from the path or be mapped explicitly, so the URL contract is never
 * widened by accident.
 */
final class VariableSourceCompiler {

  private final GraphQLSchema schema;

  VariableSourceCompiler(GraphQLSchema schema) {
    this.schema = schema;
  }

  /** @return the sources, or null after reporting problems */
  List<VariableSource> compile(Declaration at, RouteTemplate route, Operation operation, Map<String, String> mapped) {
    List<VariableDefinition> definitions = operation.definition().getVariableDefinitions();
    Set<String> declared = definitions.stream().map(VariableDefinition::getName)
        .collect(Collectors.toCollection(LinkedHashSet::new));
    boolean ok = true;
    for (String name : mapped.keySet()) {
      if (!declared.contains(name)) {
        at.problem("the operation has no variable $" + name + "; its variables: "
            + (declared.isEmpty() ? "none" : declared.stream().map(v -> "$" + v).collect(Collectors.joining(", "))),
            "variables", name);
        ok = false;
      }
    }
    List<VariableSource> sources = new ArrayList<>();
    for (VariableDefinition definition : definitions) {
      VariableSource source = sourceOf(at, route, definition, mapped.get(definition.getName()));
      if (source != null && fits(at, route, source)) {
        sources.add(source);
      } else {
        ok = false;
      }
    }
    boolean pathUsed = everyPathParameterUsed(at, route, sources);
    boolean bodyConsistent = bodyIsWholeOrMembers(at, sources);
    return ok && pathUsed && bodyConsistent ? List.copyOf(sources) : null;
  }

  private VariableSource sourceOf(Declaration at, RouteTemplate route, VariableDefinition definition, String template) {
    String name = definition.getName();
    GraphQLInputType type = (GraphQLInputType) TypeFromAST.getTypeFromAST(schema, definition.getType());
    if (template != null) {
      Placeholder placeholder = VariableSource.parse(template);
      if (placeholder == null) {
        at.problem("'" + template + "' is not a source; write {path.NAME}, {query.NAME}, {body} or {body.NAME}",
            "variables", name);
        return null;
      }
      return new VariableSource(definition, type, placeholder.origin(), placeholder.name());
    }
    if (route.parameters().contains(name)) {
      return new VariableSource(definition, type, Origin.PATH, name);
    }
    VariableSource fromQuery = new VariableSource(definition, type, Origin.QUERY, name);
    if (!fromQuery.required() && queryCanCarry(type)) {
      return fromQuery;
    }
    at.problem("the operation's variable $" + name + " (" + GraphQLTypeUtil.simplePrint(type) + ") has no source; "
        + (queryCanCarry(type) ? "add {" + name + "} to the path, or map it, e.g. variables: { " + name
            + ": \"{query." + name + "}\" }"
            : "map it to the JSON body, e.g. variables: { " + name + ": \"{body}\" }"));
    return null;
  }

  private static boolean fits(Declaration at, RouteTemplate route, VariableSource source) {
    String key = source.variable();
    GraphQLType type = GraphQLTypeUtil.unwrapNonNull(source.type());
    switch (source.origin()) {
      case PATH -> {
        if (!route.parameters().contains(source.name())) {
          at.problem("the route has no path parameter {" + source.name() + "}; its parameters: "
              + (route.parameters().isEmpty() ? "none" : String.join(", ", route.parameters())), "variables", key);
          return false;
        }
        if (!GraphQLTypeUtil.isLeaf(type)) {
          at.problem("$" + key + " is " + GraphQLTypeUtil.simplePrint(source.type()) + "; a path parameter carries one "
              + "scalar or enum value (lists come from repeated query parameters, input objects from the body)",
              "variables", key);
          return false;
        }
      }
      case QUERY -> {
        if (!queryCanCarry(source.type())) {
          at.problem("$" + key + " is " + GraphQLTypeUtil.simplePrint(source.type()) + "; query parameters carry "
              + "scalars, enums and lists of them (as ?" + source.name() + "=a&" + source.name() + "=b); read input "
              + "objects from the body: \"{body}\" or \"{body." + key + "}\"", "variables", key);
          return false;
        }
      }
      case BODY -> {
        if (!route.acceptsBody()) {
          at.problem(route.method().name() + " requests have no body; read $" + key
              + " from the path or the query, or declare the route as POST, PUT or PATCH", "variables", key);
          return false;
        }
      }
    }
    return true;
  }

  /** Query strings are flat: a scalar or enum, or a list of them as a repeated parameter. */
  private static boolean queryCanCarry(GraphQLInputType type) {
    GraphQLType unwrapped = GraphQLTypeUtil.unwrapNonNull(type);
    if (unwrapped instanceof GraphQLList list) {
      unwrapped = GraphQLTypeUtil.unwrapNonNull(list.getWrappedType());
    }
    return GraphQLTypeUtil.isLeaf(unwrapped);
  }

  private static boolean everyPathParameterUsed(Declaration at, RouteTemplate route, List<VariableSource> sources) {
    Set<String> used = sources.stream().filter(s -> s.origin() == Origin.PATH).map(VariableSource::name)
        .collect(Collectors.toSet());
    boolean ok = true;
    for (String parameter : route.parameters()) {
      if (!used.contains(parameter)) {
        at.problem("the path parameter {" + parameter + "} feeds no variable; name a variable $" + parameter
            + " or map one to it, e.g. variables: { id: \"{path." + parameter + "}\" }");
        ok = false;
      }
    }
    return ok;
  }

  private static boolean bodyIsWholeOrMembers(Declaration at, List<VariableSource> sources) {
    boolean whole = sources.stream().anyMatch(s -> s.origin() == Origin.BODY && s.name() == null);
    boolean members = sources.stream().anyMatch(s -> s.origin() == Origin.BODY && s.name() != null);
    if (whole && members) {
      at.problem("the body is either one variable ({body}) or an object of variables ({body.NAME}), not both",
          "variables");
      return false;
    }
    return true;
  }
}

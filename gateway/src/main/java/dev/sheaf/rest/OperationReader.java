package dev.sheaf.rest;

import graphql.ParseAndValidate;
import dev.sheaf.graphql.QueryLimits;
import graphql.GraphQLError;
import graphql.language.Document;
import graphql.language.FragmentDefinition;
import graphql.language.OperationDefinition;
import graphql.language.SourceLocation;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import graphql.schema.GraphQLSchema;
import graphql.validation.ValidationError;
import io.vertx.core.http.HttpMethod;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads an endpoint's GraphQL document (a file under {@code schema/operations/} or inline), parses
 * and validates it against the executable schema, and picks the operation to run.
 */
final class OperationReader {

  private final Path operationsDir;
  private final GraphQLSchema schema;
  private final QueryLimits limits;

  OperationReader(Path operationsDir, GraphQLSchema schema, QueryLimits limits) {
    this.operationsDir = operationsDir.normalize();
    this.schema = schema;
    this.limits = limits;
  }

  /** @return the operation, or null after reporting why there is none */
  Operation read(Declaration at, RouteTemplate route, EndpointSpec spec) {
    if ((spec.operation() == null) == (spec.query() == null)) {
      at.problem("give either operation: (a file in " + operationsDir + ", e.g. home.graphql) or query: "
          + "(the GraphQL document inline)");
      return null;
    }
    String key = spec.operation() != null ? "operation" : "query";
    String origin = spec.operation() != null ? operationsDir.resolve(spec.operation()).normalize().toString() : "query";
    String text = spec.operation() != null ? readFile(at, spec.operation()) : spec.query();
    if (text == null) {
      return null;
    }
    Document document;
    try {
      document = Parser.parse(text);
    } catch (InvalidSyntaxException e) {
      at.problem(origin + lineOf(e.getLocation()) + ": not valid GraphQL: " + e.getMessage(), key);
      return null;
    }
    List<ValidationError> errors = ParseAndValidate.validate(schema, document);
    if (!errors.isEmpty()) {
      errors.forEach(error ->
          at.problem(origin + lineOf(first(error.getLocations())) + ": " + error.getDescription(), key));
      return null;
    }
    // The gateway would refuse it at every request: say so now, with the setting to raise.
    List<GraphQLError> tooBig = limits.check(document);
    if (!tooBig.isEmpty()) {
      String where = spec.operation() != null ? origin + ": " : "";
      tooBig.forEach(error -> at.problem(where + error.getMessage() + "; simplify the operation or raise "
          + "the limit in the gateway config", key));
      return null;
    }
    OperationDefinition definition = pick(at, document, spec.operationName());
    if (definition == null || !runnableBy(at, route, definition)) {
      return null;
    }
    Map<String, FragmentDefinition> fragments = new LinkedHashMap<>();
    document.getDefinitionsOfType(FragmentDefinition.class).forEach(f -> fragments.put(f.getName(), f));
    return new Operation(text, spec.operationName(), definition, Map.copyOf(fragments), origin);
  }

  private String readFile(Declaration at, String name) {
    Path file = operationsDir.resolve(name).normalize();
    if (!file.startsWith(operationsDir)) {
      at.problem("'" + name + "' is outside " + operationsDir + "; name a file in that folder", "operation");
      return null;
    }
    if (!Files.isRegularFile(file)) {
      at.problem(file + " does not exist; the documents in " + operationsDir + ": " + listing(), "operation");
      return null;
    }
    try {
      return Files.readString(file);
    } catch (IOException e) {
      at.problem(file + " cannot be read (" + e.getMessage() + ")", "operation");
      return null;
    }
  }

  private String listing() {
    if (!Files.isDirectory(operationsDir)) {
      return "none (the folder does not exist)";
    }
    try (Stream<Path> files = Files.list(operationsDir)) {
      String names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".graphql")).sorted()
          .collect(Collectors.joining(", "));
      return names.isEmpty() ? "none" : names;
    } catch (IOException e) {
      return "(cannot be listed: " + e.getMessage() + ")";
    }
  }

  private static OperationDefinition pick(Declaration at, Document document, String name) {
    List<OperationDefinition> operations = document.getDefinitionsOfType(OperationDefinition.class);
    if (name == null) {
      if (operations.size() == 1) {
        return operations.get(0);
      }
      at.problem("the document holds " + operations.size() + " operations; say which with operationName: (one of "
          + names(operations) + ")");
      return null;
    }
    for (OperationDefinition operation : operations) {
      if (name.equals(operation.getName())) {
        return operation;
      }
    }
    at.problem("the document has no operation '" + name + "'; its operations: " + names(operations), "operationName");
    return null;
  }

  private static boolean runnableBy(Declaration at, RouteTemplate route, OperationDefinition definition) {
    if (definition.getOperation() == OperationDefinition.Operation.SUBSCRIPTION) {
      at.problem("a subscription cannot be an endpoint; use a query or a mutation");
      return false;
    }
    // GET must be safe: caches and prefetchers replay it.
    if (definition.getOperation() == OperationDefinition.Operation.MUTATION && route.method() == HttpMethod.GET) {
      at.problem("a mutation must not be served by GET; declare the route as POST, PUT, PATCH or DELETE");
      return false;
    }
    return true;
  }

  private static String names(List<OperationDefinition> operations) {
    return operations.stream().map(o -> o.getName() == null ? "(anonymous)" : o.getName())
        .collect(Collectors.joining(", "));
  }

  private static SourceLocation first(List<SourceLocation> locations) {
    return locations == null || locations.isEmpty() ? null : locations.get(0);
  }

  private static String lineOf(SourceLocation location) {
    return location == null || location.getLine() < 1 ? "" : ":" + location.getLine();
  }
}

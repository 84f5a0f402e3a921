package dev.sheaf.warmup;

import dev.sheaf.persisted.TrustedDocuments;
import dev.sheaf.rest.Endpoints;
import graphql.language.Document;
import graphql.language.OperationDefinition;
import graphql.language.VariableDefinition;
import graphql.parser.Parser;
import graphql.schema.GraphQLArgument;
import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLFieldDefinition;
import graphql.execution.TypeFromAST;
import graphql.schema.GraphQLInputType;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import graphql.schema.GraphQLInterfaceType;
import graphql.schema.GraphQLUnionType;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The operations a warm-up runs: the configuration's own, as clients will send them. Each REST
 * composite endpoint that reads (its path and query parameters given sample values), each query of the trusted
 * documents (by its id, with sample variables), and one generated query per root field of the schema
 * (required arguments given sample values, the fields below selected a few levels deep).
 *
 * @param endpoints  requests to the REST composite endpoints
 * @param trusted    requests naming a trusted document
 * @param generated  generated queries over the root fields
 */
record WarmupOperations(List<WarmupRequest> endpoints, List<WarmupRequest> trusted, List<WarmupRequest> generated) {

  /** How many levels a generated query selects below its root field, and how many fields at most. */
  private static final int MAX_DEPTH = 3;
  private static final int MAX_FIELDS = 60;

  WarmupOperations {
    endpoints = List.copyOf(endpoints);
    trusted = List.copyOf(trusted);
    generated = List.copyOf(generated);
  }

  /**
   * @param generate whether to generate queries over the root fields; not when only trusted documents
   *                 may run (they would be refused)
   */
  static WarmupOperations of(GraphQLSchema schema, Endpoints endpoints, TrustedDocuments documents, boolean generate) {
    List<WarmupRequest> rest = endpoints.readUris(type -> String.valueOf(SampleValues.leaf(type))).stream()
        .map(WarmupRequest::get).toList();
    List<WarmupRequest> trusted = new ArrayList<>();
    documents.textById().forEach((id, text) -> trusted.addAll(trustedRequests(schema, id, text)));
    List<WarmupRequest> generated = new ArrayList<>();
    if (generate) {
      for (GraphQLFieldDefinition root : schema.getQueryType().getFieldDefinitions()) {
        if (!root.getName().startsWith("__")) {
          generated.add(WarmupRequest.graphql(generatedQuery(schema, root)));
        }
      }
    }
    return new WarmupOperations(rest, trusted, generated);
  }

  /** The generated query over one root field: its body, with "query", "operationName" and "variables". */
  static JsonObject generatedQuery(GraphQLSchema schema, GraphQLFieldDefinition root) {
    return new Generated(schema).query(root);
  }

  List<WarmupRequest> all() {
    List<WarmupRequest> all = new ArrayList<>(endpoints);
    all.addAll(trusted);
    all.addAll(generated);
    return all;
  }

  /** One request per query of the document, by its id; mutations and subscriptions are left out. */
  private static List<WarmupRequest> trustedRequests(GraphQLSchema schema, String id, String text) {
    Document document;
    try {
      document = Parser.parse(text);
    } catch (RuntimeException e) {
      return List.of(); // the loader refuses such a manifest; nothing to rehearse
    }
    List<WarmupRequest> requests = new ArrayList<>();
    for (OperationDefinition operation : document.getDefinitionsOfType(OperationDefinition.class)) {
      if (operation.getOperation() != OperationDefinition.Operation.QUERY) {
        continue;
      }
      Map<String, Object> variables = new LinkedHashMap<>();
      for (VariableDefinition variable : operation.getVariableDefinitions()) {
        GraphQLType type = TypeFromAST.getTypeFromAST(schema, variable.getType());
        if (type instanceof GraphQLInputType input) {
          variables.put(variable.getName(), SampleValues.input(input));
        }
      }
      JsonObject body = new JsonObject().put("documentId", id).put("variables", variables);
      if (operation.getName() != null) {
        body.put("operationName", operation.getName());
      }
      requests.add(WarmupRequest.graphql(body));
    }
    return requests;
  }

  /** A query over one root field, its required arguments as variables, its optional plain ones inline. */
  private static final class Generated {
    private final GraphQLSchema schema;
    private final StringBuilder variableDefinitions = new StringBuilder();
    private final Map<String, Object> variables = new LinkedHashMap<>();
    private int fields;

    Generated(GraphQLSchema schema) {
      this.schema = schema;
    }

    JsonObject query(GraphQLFieldDefinition root) {
      String selection = field(root, 0);
      String name = "Warmup_" + root.getName();
      String text = "query " + name + (variableDefinitions.length() == 0 ? "" : "(" + variableDefinitions + ")")
          + " { " + selection + " }";
      return new JsonObject().put("query", text).put("operationName", name).put("variables", variables);
    }

    private String field(GraphQLFieldDefinition field, int depth) {
      fields++;
      StringBuilder out = new StringBuilder(field.getName());
      List<String> arguments = new ArrayList<>();
      for (GraphQLArgument argument : field.getArguments()) {
        if (argument.getType() instanceof GraphQLNonNull && !argument.hasSetDefaultValue()) {
          String variable = "v" + variables.size();
          if (variableDefinitions.length() > 0) {
            variableDefinitions.append(", ");
          }
          variableDefinitions.append('$').append(variable).append(": ")
              .append(GraphQLTypeUtil.simplePrint(argument.getType()));
          variables.put(variable, SampleValues.input(argument.getType()));
          arguments.add(argument.getName() + ": $" + variable);
        } else if (argument.getType() instanceof GraphQLScalarType || argument.getType() instanceof GraphQLEnumType) {
          // Clients pass optional arguments too, often inline (`orders(limit: 3)`): graphql-java's code for
          // literals runs then, and the warm-up should have run it too.
          String literal = SampleValues.literal(argument.getType());
          if (literal != null) {
            arguments.add(argument.getName() + ": " + literal);
          }
        }
      }
      if (!arguments.isEmpty()) {
        out.append('(').append(String.join(", ", arguments)).append(')');
      }
      GraphQLNamedType type = SampleValues.unwrap(field.getType());
      if (type instanceof GraphQLObjectType object) {
        out.append(" { ").append(selection(object, depth + 1)).append(" }");
      } else if (type instanceof GraphQLInterfaceType || type instanceof GraphQLUnionType) {
        out.append(" { __typename }"); // an interface or a union: what every one of its types has
      }
      return out.toString();
    }

    /** The object's leaf fields, and its object fields while the depth and the field budget allow. */
    private String selection(GraphQLObjectType object, int depth) {
      List<String> selected = new ArrayList<>();
      for (GraphQLFieldDefinition field : object.getFieldDefinitions()) {
        boolean leaf = SampleValues.leaf(SampleValues.unwrap(field.getType())) != null;
        if (fields >= MAX_FIELDS || !leaf && depth >= MAX_DEPTH) {
          continue;
        }
        selected.add(field(field, depth));
      }
      return selected.isEmpty() ? "__typename" : String.join(" ", selected);
    }
  }
}

package dev.sheaf.graphql;

import graphql.ErrorType;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.InlineFragment;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import java.util.List;
import java.util.Map;

/**
 * Refuses documents that ask for the schema ({@code __schema}, {@code __type}) when introspection
 * is off. Checked on the document of one executor, not through graphql-java's JVM-wide switch, so
 * each configuration (and each gateway in one process) decides for itself. {@code __typename} is
 * not introspection of the schema: clients need it to read unions and interfaces.
 */
final class IntrospectionFields {

  /** The error code of a refused document. */
  static final String CODE = "INTROSPECTION_DISABLED";

  private IntrospectionFields() {
  }

  /** An error per document that asks for the schema; empty when it does not. */
  static List<GraphQLError> check(Document document) {
    // Validation has placed these fields on the query root; they may sit in any fragment of it.
    boolean asks = document.getDefinitions().stream().anyMatch(definition ->
        definition instanceof OperationDefinition operation && asks(operation.getSelectionSet())
            || definition instanceof FragmentDefinition fragment && asks(fragment.getSelectionSet()));
    if (!asks) {
      return List.of();
    }
    return List.of(GraphqlErrorBuilder.newError()
        .message("Introspection is disabled on this gateway (introspection: false); __typename is still allowed")
        .errorType(ErrorType.ValidationError)
        .extensions(Map.of("code", CODE))
        .build());
  }

  private static boolean asks(SelectionSet selections) {
    if (selections == null) {
      return false;
    }
    for (Selection<?> selection : selections.getSelections()) {
      if (selection instanceof Field field && (field.getName().equals("__schema") || field.getName().equals("__type"))) {
        return true;
      }
      if (selection instanceof InlineFragment inline && asks(inline.getSelectionSet())) {
        return true;
      }
    }
    return false;
  }
}

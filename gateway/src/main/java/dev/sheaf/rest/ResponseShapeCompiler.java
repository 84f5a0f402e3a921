package dev.sheaf.rest;

import graphql.schema.GraphQLCompositeType;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Checks an endpoint's {@code response:} path against the operation's selection. The resource must
 * be an object: a partial answer adds an {@code errors} member to it, so complete and partial
 * answers have the same shape.
 */
final class ResponseShapeCompiler {

  /** The member a partial answer adds to the resource. */
  static final String ERRORS = "errors";

  private final GraphQLSchema schema;

  ResponseShapeCompiler(GraphQLSchema schema) {
    this.schema = schema;
  }

  /** @return the shape, or null after reporting the problem */
  ResponseShape compile(Declaration at, Operation operation, String response) {
    ResponsePath path = ResponsePath.parse(response);
    SelectionWalker walker = new SelectionWalker(schema, operation.fragments());
    GraphQLCompositeType type = rootType(operation);
    List<SelectedField> fields = walker.fieldsOf(type, List.of(operation.definition().getSelectionSet()));
    String walked = "data";
    for (String key : path.keys()) {
      Optional<SelectedField> field = fields.stream().filter(f -> f.key().equals(key)).findFirst();
      if (field.isEmpty()) {
        at.problem("'" + key + "' is not selected by the operation at " + walked + "; selected there: "
            + fields.stream().map(SelectedField::key).collect(Collectors.joining(", ")), "response");
        return null;
      }
      GraphQLType unwrapped = GraphQLTypeUtil.unwrapNonNull(field.get().type());
      if (unwrapped instanceof GraphQLList || !(unwrapped instanceof GraphQLCompositeType composite)) {
        at.problem("'" + key + "' is " + GraphQLTypeUtil.simplePrint(field.get().type()) + "; the response must be "
            + "an object, so that a partial answer can carry its errors beside the data; name its parent", "response");
        return null;
      }
      type = composite;
      fields = walker.fieldsOf(composite, field.get().selections());
      walked = walked + "." + key;
    }
    if (fields.stream().anyMatch(f -> f.key().equals(ERRORS))) {
      at.problem("the response selects a member named '" + ERRORS + "', which partial answers use for their "
          + "errors; give it an alias, e.g. problems: " + ERRORS, "response");
      return null;
    }
    return new ResponseShape(path, type, fields);
  }

  private GraphQLObjectType rootType(Operation operation) {
    return switch (operation.definition().getOperation()) {
      case MUTATION -> schema.getMutationType();
      case SUBSCRIPTION -> schema.getSubscriptionType();
      default -> schema.getQueryType();
    };
  }
}

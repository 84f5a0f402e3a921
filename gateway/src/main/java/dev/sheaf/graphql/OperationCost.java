package dev.sheaf.graphql;

import dev.sheaf.config.CostLimits;
import graphql.ErrorType;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.language.Argument;
import graphql.language.Definition;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.IntValue;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.schema.FieldCoordinates;
import graphql.schema.GraphQLArgument;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLFieldsContainer;
import graphql.schema.GraphQLInterfaceType;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The static cost of an operation, before anything runs: the backend calls its fields' bindings
 * make. A field bound to a call costs one per time it resolves, so a call under a list costs once per
 * item; an entity lookup is batched with its level's others and costs one; a list's size is its
 * literal {@code first}/{@code last}/{@code limit}-like argument, else that argument's default, else
 * {@link CostLimits#assumedListSize()}. Measured once per distinct document (see {@link DocumentCache}).
 */
public final class OperationCost {

  /** Where the cost of the request's document is put on its GraphQL context. */
  public static final String CONTEXT_KEY = "sheaf.cost";

  /** Arguments that say how long a list field's answer is. */
  private static final Set<String> SIZE_ARGUMENTS = Set.of("first", "last", "limit", "size", "count", "take",
      "pageSize", "top");
  private static final long CAP = 1_000_000_000L;

  private final GraphQLSchema schema;
  private final Function<FieldCoordinates, FieldCost> costOf;
  private final CostLimits limits;

  public OperationCost(GraphQLSchema schema, Function<FieldCoordinates, FieldCost> costOf, CostLimits limits) {
    this.schema = schema;
    this.costOf = costOf;
    this.limits = limits;
  }

  /** The cost of the document's costliest operation. */
  public long of(Document document) {
    Map<String, FragmentDefinition> fragments = new HashMap<>();
    for (Definition<?> definition : document.getDefinitions()) {
      if (definition instanceof FragmentDefinition fragment) {
        fragments.put(fragment.getName(), fragment);
      }
    }
    long max = 0;
    for (OperationDefinition operation : document.getDefinitionsOfType(OperationDefinition.class)) {
      GraphQLObjectType root = switch (operation.getOperation()) {
        case MUTATION -> schema.getMutationType();
        case SUBSCRIPTION -> schema.getSubscriptionType();
        default -> schema.getQueryType();
      };
      if (root != null) {
        max = Math.max(max, new Walk(fragments).cost(operation.getSelectionSet(), root, 1));
      }
    }
    return max;
  }

  /** A refusal when the document costs more than {@code limits.maxCost}; empty otherwise. */
  public List<GraphQLError> check(long cost) {
    if (cost <= limits.maxCost()) {
      return List.of();
    }
    String shown = cost >= CAP ? "more than " + CAP : String.valueOf(cost);
    return List.of(GraphqlErrorBuilder.newError()
        .message("The query costs " + shown + " backend calls; the limit is " + limits.maxCost() + " (limits.maxCost)")
        .errorType(ErrorType.ValidationError)
        .extensions(Map.of("code", QueryLimits.CODE, "cost", cost, "maxCost", limits.maxCost()))
        .build());
  }

  /** One operation's walk; the query limits, checked first, bound how many fields it visits. */
  private final class Walk {

    private final Map<String, FragmentDefinition> fragments;

    Walk(Map<String, FragmentDefinition> fragments) {
      this.fragments = fragments;
    }

    long cost(SelectionSet selections, GraphQLType parent, long times) {
      if (selections == null) {
        return 0;
      }
      long sum = 0;
      for (Selection<?> selection : selections.getSelections()) {
        if (selection instanceof Field field) {
          sum += field(field, parent, times);
        } else if (selection instanceof InlineFragment inline) {
          GraphQLType on = inline.getTypeCondition() == null ? parent : schema.getType(inline.getTypeCondition().getName());
          sum += cost(inline.getSelectionSet(), on, times);
        } else if (selection instanceof FragmentSpread spread && fragments.containsKey(spread.getName())) {
          FragmentDefinition fragment = fragments.get(spread.getName());
          sum += cost(fragment.getSelectionSet(), schema.getType(fragment.getTypeCondition().getName()), times);
        }
        sum = Math.min(sum, CAP);
      }
      return sum;
    }

    private long field(Field field, GraphQLType parent, long times) {
      if (!(parent instanceof GraphQLFieldsContainer container) || field.getName().startsWith("__")) {
        return 0;
      }
      GraphQLFieldDefinition definition = container.getFieldDefinition(field.getName());
      if (definition == null) {
        return 0;
      }
      long own = switch (costOf(container, field.getName())) {
        case NONE -> 0;
        case CALL -> times;
        case BATCH -> 1;
        case CALL_THEN_BATCH -> times + 1;
      };
      GraphQLType type = GraphQLTypeUtil.unwrapNonNull(definition.getType());
      long items = GraphQLTypeUtil.isList(type) ? size(field, definition) : 1;
      long children = cost(field.getSelectionSet(), GraphQLTypeUtil.unwrapAll(type), Math.min(CAP, times * items));
      return Math.min(CAP, own + children);
    }

    /** An interface's field costs what its costliest implementation's binding does. */
    private FieldCost costOf(GraphQLFieldsContainer container, String field) {
      FieldCost cost = costOf.apply(FieldCoordinates.coordinates(container.getName(), field));
      if (cost != null && cost != FieldCost.NONE || !(container instanceof GraphQLInterfaceType type)) {
        return cost == null ? FieldCost.NONE : cost;
      }
      FieldCost most = FieldCost.NONE;
      for (GraphQLNamedType implementation : schema.getImplementations(type)) {
        FieldCost one = costOf.apply(FieldCoordinates.coordinates(implementation.getName(), field));
        if (one != null && one.ordinal() > most.ordinal()) {
          most = one;
        }
      }
      return most;
    }

    private long size(Field field, GraphQLFieldDefinition definition) {
      for (Argument argument : field.getArguments()) {
        if (SIZE_ARGUMENTS.contains(argument.getName())) {
          return argument.getValue() instanceof IntValue literal
              ? Math.max(0, Math.min(CAP, literal.getValue().longValue())) : limits.assumedListSize();
        }
      }
      for (GraphQLArgument argument : definition.getArguments()) {
        if (SIZE_ARGUMENTS.contains(argument.getName()) && argument.hasSetDefaultValue()) {
          Object value = argument.getArgumentDefaultValue().getValue();
          if (value instanceof IntValue literal) {
            return Math.max(0, Math.min(CAP, literal.getValue().longValue()));
          }
          if (value instanceof Number number) {
            return Math.max(0, Math.min(CAP, number.longValue()));
          }
        }
      }
      return limits.assumedListSize();
    }
  }
}

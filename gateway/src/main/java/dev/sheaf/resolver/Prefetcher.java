package dev.sheaf.resolver;

import dev.sheaf.binding.Expression;
import dev.sheaf.binding.FieldBinding;
import dev.sheaf.binding.StringTemplate;
import dev.sheaf.binding.TemplateScope;
import dev.sheaf.binding.UnsafeValueException;
import dev.sheaf.pipeline.Served;
import graphql.execution.CoercedVariables;
import graphql.execution.ResultPath;
import graphql.execution.ValuesResolver;
import graphql.language.Directive;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.FieldCoordinates;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLInterfaceType;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import graphql.schema.GraphQLUnionType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Starts child calls early. When parts of a field's value are known before its own call returns
 * (its binding's {@code known} values, or the keys of a {@code keysOf} list), the selected child
 * fields that need only those parts are started at once: their reads and entity lookups go out
 * together with the parent's call instead of after it. When graphql-java later resolves the
 * children, the request's call deduplication and the entity loaders hand them the calls already
 * under way — so a screen costs one round trip per dependency level, not one per nesting level,
 * and the parent keeps exact semantics (a missing parent is still null).
 */
final class Prefetcher {

  private final Map<FieldCoordinates, FieldBinding> bindings;
  private final Map<FieldCoordinates, Set<String>> sourceFieldsUsed = new HashMap<>();
  /** Types with at least one child binding that needs parts of its parent; other parents skip the walk. */
  private final Set<String> parentTypes;

  Prefetcher(Map<FieldCoordinates, FieldBinding> bindings) {
    this.bindings = bindings;
    bindings.forEach((coords, binding) -> {
      List<Expression> expressions = expressionsOf(binding);
      if (expressions != null) {
        sourceFieldsUsed.put(coords, expressions.stream()
            .filter(e -> e.root() == Expression.Root.SOURCE && !e.path().isEmpty())
            .map(e -> e.path().get(0))
            .collect(Collectors.toUnmodifiableSet()));
      }
    });
    this.parentTypes = sourceFieldsUsed.keySet().stream().map(FieldCoordinates::getTypeName)
        .collect(Collectors.toUnmodifiableSet());
  }

  /** The known values a binding declares, rendered from the field's arguments. */
  static Map<String, Object> knownValues(DataFetchingEnvironment env, RequestScope scope, FieldBinding.Call binding) {
    Map<String, Object> known = new HashMap<>();
    TemplateScope args = scope.templates().forChild(env.getArguments(), null);
    for (Map.Entry<String, StringTemplate> e : binding.known().entrySet()) {
      String value = renderOrNull(e.getValue(), args);
      if (value != null) {
        known.put(e.getKey(), value);
      }
    }
    return known;
  }

  /**
   * Starts the children of {@code env}'s field that need only {@code known} of their parent.
   *
   * @param level the parent's level. A prefetched call counts to its own field's level (the next
   *              one), which it is; a prefetched lookup to the parent's, so that it goes out with the
   *              parent level's batch rather than wait for the child level's.
   */
  void startChildren(DataFetchingEnvironment env, RequestScope scope, Map<String, Object> known, int level) {
    startChildren(children(env), scope, known, level, env.getExecutionStepInfo().getPath());
  }

  /** @param parent the result path of the parent object, under which the children's own paths are */
  void startChildren(List<Child> children, RequestScope scope, Map<String, Object> known, int level,
                     ResultPath parent) {
    for (Child child : children) {
      if (known.keySet().containsAll(child.needs())) {
        start(child.binding(), scope.templates().forChild(child.arguments(), known), scope, level,
            parent.segment(child.resultKey()));
      }
    }
  }

  /**
   * A selected child field that could start early: its binding, the parent parts it needs, its
   * arguments, and its name in the result (its alias, if any).
   */
  record Child(FieldBinding binding, Set<String> needs, Map<String, Object> arguments, String resultKey) {
  }

  /**
   * The selected children of {@code env}'s field that have a binding needing parent parts. Walks
   * the field's own selection (fields, inline fragments, fragment spreads) rather than asking
   * graphql-java for the selection set, which would build a normalized tree of the whole operation
   * per request. Children under {@code @skip}/{@code @include} are left to run in their turn;
   * those under {@code @defer} start now like any other, so a deferred part waits on its own calls only.
   */
  List<Child> children(DataFetchingEnvironment env) {
    List<GraphQLObjectType> types = possibleTypes(env.getGraphQLSchema(), GraphQLTypeUtil.unwrapAll(env.getFieldType()));
    if (types.stream().noneMatch(t -> parentTypes.contains(t.getName()))) {
      return List.of();
    }
    List<Child> children = new ArrayList<>();
    for (Field field : env.getMergedField().getFields()) {
      collect(env, field.getSelectionSet(), types, children);
    }
    return children;
  }

  private void collect(DataFetchingEnvironment env, SelectionSet selections, List<GraphQLObjectType> types,
                       List<Child> into) {
    if (selections == null) {
      return;
    }
    for (Selection<?> selection : selections.getSelections()) {
      if (selection instanceof Field field) {
        if (unconditional(field.getDirectives())) {
          collectField(env, field, types, into);
        }
      } else if (selection instanceof InlineFragment inline) {
        if (unconditional(inline.getDirectives())) {
          collect(env, inline.getSelectionSet(), narrowed(env, types,
              inline.getTypeCondition() == null ? null : inline.getTypeCondition().getName()), into);
        }
      } else if (selection instanceof FragmentSpread spread && unconditional(spread.getDirectives())) {
        FragmentDefinition fragment = env.getFragmentsByName().get(spread.getName());
        if (fragment != null && unconditional(fragment.getDirectives())) {
          collect(env, fragment.getSelectionSet(), narrowed(env, types, fragment.getTypeCondition().getName()), into);
        }
      }
    }
  }

  /** No {@code @skip} or {@code @include}: the selection runs whatever the variables say. */
  private static boolean unconditional(List<Directive> directives) {
    for (Directive directive : directives) {
      if (directive.getName().equals("skip") || directive.getName().equals("include")) {
        return false;
      }
    }
    return true;
  }

  private void collectField(DataFetchingEnvironment env, Field field, List<GraphQLObjectType> types, List<Child> into) {
    for (GraphQLObjectType type : types) {
      FieldCoordinates coords = FieldCoordinates.coordinates(type.getName(), field.getName());
      Set<String> needs = sourceFieldsUsed.get(coords);
      GraphQLFieldDefinition definition = type.getFieldDefinition(field.getName());
      if (needs == null || definition == null) {
        continue;
      }
      Map<String, Object> arguments = definition.getArguments().isEmpty() ? Map.of()
          : ValuesResolver.getArgumentValues(env.getGraphQLSchema().getCodeRegistry(), definition.getArguments(),
              field.getArguments(), CoercedVariables.of(env.getVariables()), env.getGraphQlContext(), env.getLocale());
      into.add(new Child(bindings.get(coords), needs, arguments, field.getResultKey()));
    }
  }

  /** The object types a fragment with this type condition applies to, among {@code types}. */
  private static List<GraphQLObjectType> narrowed(DataFetchingEnvironment env, List<GraphQLObjectType> types,
                                                  String condition) {
    if (condition == null) {
      return types;
    }
    List<GraphQLObjectType> within = possibleTypes(env.getGraphQLSchema(), env.getGraphQLSchema().getType(condition));
    return types.stream().filter(within::contains).toList();
  }

  private static List<GraphQLObjectType> possibleTypes(GraphQLSchema schema, GraphQLType type) {
    if (type instanceof GraphQLObjectType object) {
      return List.of(object);
    }
    if (type instanceof GraphQLUnionType union) {
      return union.getTypes().stream().filter(GraphQLObjectType.class::isInstance)
          .map(GraphQLObjectType.class::cast).toList();
    }
    if (type instanceof GraphQLInterfaceType iface) {
      return schema.getImplementations(iface);
    }
    return List.of();
  }

  private static void start(FieldBinding binding, TemplateScope templates, RequestScope scope, int level,
                            ResultPath path) {
    if (binding instanceof FieldBinding.Call call && call.call().isRead()) {
      var started = scope.call(call.backend(), call.call(), templates, level + 1, call.keysOf() != null,
          Served.field(path));
      if (started != null) {
        started.onFailure(ignored -> { }); // the child reports its own failure when it runs
      }
    } else if (binding instanceof FieldBinding.EntityByKey lookup) {
      String key = renderOrNull(lookup.key(), templates);
      if (key != null) {
        scope.loadEntity(lookup.entity(), key, level, path).exceptionally(ignored -> null);
      }
    }
  }

  /** A value that cannot be rendered starts nothing early: the field itself reports it when it runs. */
  private static String renderOrNull(StringTemplate template, TemplateScope scope) {
    try {
      return template.render(scope, UnaryOperator.identity());
    } catch (UnsafeValueException e) {
      return null;
    }
  }

  private static List<Expression> expressionsOf(FieldBinding binding) {
    if (binding instanceof FieldBinding.Call call) {
      return call.call().isRead() ? call.call().expressions() : null;
    }
    if (binding instanceof FieldBinding.EntityByKey lookup) {
      return lookup.key().expressions();
    }
    return null;
  }
}

package dev.sheaf.resolver;

import dev.sheaf.binding.Expression;
import dev.sheaf.binding.FieldBinding;
import dev.sheaf.binding.StringTemplate;
import dev.sheaf.binding.TemplateScope;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.FieldCoordinates;
import graphql.schema.SelectedField;
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
  }

  /** The known values a binding declares, rendered from the field's arguments. */
  static Map<String, Object> knownValues(DataFetchingEnvironment env, RequestScope scope, FieldBinding.Call binding) {
    Map<String, Object> known = new HashMap<>();
    TemplateScope args = scope.templates().forChild(env.getArguments(), null);
    for (Map.Entry<String, StringTemplate> e : binding.known().entrySet()) {
      String value = e.getValue().render(args, UnaryOperator.identity());
      if (value != null) {
        known.put(e.getKey(), value);
      }
    }
    return known;
  }

  /** Starts the children of {@code env}'s field that need only {@code known} of their parent. */
  void startChildren(DataFetchingEnvironment env, RequestScope scope, Map<String, Object> known) {
    for (SelectedField child : env.getSelectionSet().getImmediateFields()) {
      for (String typeName : child.getObjectTypeNames()) {
        FieldCoordinates coords = FieldCoordinates.coordinates(typeName, child.getName());
        Set<String> needs = sourceFieldsUsed.get(coords);
        if (needs != null && known.keySet().containsAll(needs)) {
          start(bindings.get(coords), scope.templates().forChild(child.getArguments(), known), scope);
        }
      }
    }
  }

  private static void start(FieldBinding binding, TemplateScope templates, RequestScope scope) {
    if (binding instanceof FieldBinding.Call call && call.call().isRead()) {
      var started = scope.call(call.backend(), call.call(), templates);
      if (started != null) {
        started.onFailure(ignored -> { }); // the child reports its own failure when it runs
      }
    } else if (binding instanceof FieldBinding.EntityByKey lookup) {
      String key = lookup.key().render(templates, UnaryOperator.identity());
      if (key != null) {
        scope.loadEntity(lookup.entity(), key).exceptionally(ignored -> null);
      }
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

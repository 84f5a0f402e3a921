package dev.sheaf.resolver;

import dev.sheaf.binding.FieldBinding;
import dev.sheaf.binding.StringTemplate;
import dev.sheaf.binding.TemplateScope;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.FieldCoordinates;
import graphql.schema.SelectedField;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Starts child calls early. When a binding declares fields of its result as {@code known} (e.g.
 * the user's id is the argument), the selected child fields whose calls need only those values
 * are started together with the parent's call. When graphql-java later resolves the children, the
 * request's call deduplication hands them the call already under way — so a screen costs one
 * round trip per dependency level, not one per nesting level, and the parent keeps exact
 * semantics (a missing parent is still null).
 */
final class Prefetcher {

  private final Map<FieldCoordinates, FieldBinding> bindings;

  Prefetcher(Map<FieldCoordinates, FieldBinding> bindings) {
    this.bindings = bindings;
  }

  void startChildren(DataFetchingEnvironment env, RequestScope scope, FieldBinding.Call parent) {
    Map<String, Object> known = new HashMap<>();
    TemplateScope parentScope = new TemplateScope(env.getArguments(), null, scope.clientHeaders(), null);
    for (Map.Entry<String, StringTemplate> e : parent.known().entrySet()) {
      String value = e.getValue().render(parentScope, UnaryOperator.identity());
      if (value != null) {
        known.put(e.getKey(), value);
      }
    }
    for (SelectedField child : env.getSelectionSet().getImmediateFields()) {
      for (String typeName : child.getObjectTypeNames()) {
        FieldBinding binding = bindings.get(FieldCoordinates.coordinates(typeName, child.getName()));
        if (binding instanceof FieldBinding.Call rest && rest.call().isRead()
            && known.keySet().containsAll(sourceFieldsUsed(rest))) {
          TemplateScope childScope = new TemplateScope(child.getArguments(), known, scope.clientHeaders(), null);
          var started = CallFieldFetcher.call(scope, rest, childScope);
          if (started != null) {
            started.onFailure(ignored -> { }); // the child reports its own failure when it runs
          }
        }
      }
    }
  }

  private static Set<String> sourceFieldsUsed(FieldBinding.Call binding) {
    return binding.call().expressions().stream()
        .filter(e -> e.root() == dev.sheaf.binding.Expression.Root.SOURCE && !e.path().isEmpty())
        .map(e -> e.path().get(0))
        .collect(Collectors.toSet());
  }
}

package dev.sheaf.resolver;

import dev.sheaf.binding.FieldBinding;
import dev.sheaf.binding.StringTemplate;
import dev.sheaf.binding.TemplateScope;
import dev.sheaf.binding.UnsafeValueException;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

/** Looks one entity up by key through the request's batch loader ({@code entity:} + {@code key:}). */
final class EntityByKeyFetcher implements DataFetcher<CompletableFuture<Object>> {

  private final FieldBinding.EntityByKey binding;

  EntityByKeyFetcher(FieldBinding.EntityByKey binding) {
    this.binding = binding;
  }

  @Override
  public CompletableFuture<Object> get(DataFetchingEnvironment env) {
    RequestScope scope = RequestScope.of(env);
    TemplateScope templates = scope.templates().forChild(env.getArguments(), env.getSource());
    String key;
    try {
      key = binding.key().render(templates, UnaryOperator.identity());
    } catch (UnsafeValueException e) {
      return FieldFutures.failed(RequestScope.refused(scope.entityBackend(binding.entity()), e));
    }
    if (key == null) {
      return CompletableFuture.completedFuture(null);
    }
    return scope.loadEntity(binding.entity(), key, RequestScope.levelOf(env), env.getExecutionStepInfo().getPath());
  }
}

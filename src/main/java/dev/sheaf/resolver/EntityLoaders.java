package dev.sheaf.resolver;

import dev.sheaf.backend.BackendException;
import dev.sheaf.binding.EntityBinding;
import dev.sheaf.binding.Selector;
import dev.sheaf.binding.TemplateScope;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.dataloader.DataLoader;
import org.dataloader.DataLoaderFactory;
import org.dataloader.DataLoaderOptions;
import org.dataloader.MappedBatchLoader;

/**
 * Makes the per-request batch loaders of entities: N keys become one call, and each returned
 * object is matched back to its key by the entity's key field, so a key the backend omitted
 * yields null rather than a shifted list.
 */
public final class EntityLoaders {

  private final Map<String, EntityBinding> bindings;

  public EntityLoaders(Map<String, EntityBinding> bindings) {
    this.bindings = Map.copyOf(bindings);
  }

  EntityBinding binding(String type) {
    EntityBinding binding = bindings.get(type);
    if (binding == null) {
      throw new IllegalArgumentException("no entity binding for type " + type);
    }
    return binding;
  }

  DataLoader<String, Object> newLoader(EntityBinding binding, RequestScope scope) {
    MappedBatchLoader<String, Object> batch = keys -> loadBatch(binding, scope, List.copyOf(keys));
    DataLoaderOptions options = DataLoaderOptions.newOptions().setMaxBatchSize(binding.maxBatchSize()).build();
    return DataLoaderFactory.newMappedDataLoader(batch, options);
  }

  private static CompletionStage<Map<String, Object>> loadBatch(EntityBinding binding, RequestScope scope,
                                                                List<String> keys) {
    TemplateScope templates = TemplateScope.ofKeys(keys);
    return scope.call(binding.backend(), binding.call(), templates)
        .map(answer -> indexByKey(binding, answer))
        // "None of these exist" (HTTP 404, gRPC NOT_FOUND) is an answer: every key is null.
        .recover(e -> e instanceof BackendException be && be.isNotFound()
            ? io.vertx.core.Future.succeededFuture(Map.of()) : io.vertx.core.Future.failedFuture(e))
        .toCompletionStage();
  }

  private static Map<String, Object> indexByKey(EntityBinding binding, Object answer) {
    Object selected;
    try {
      selected = binding.call().selector().select(answer);
    } catch (Selector.WrongShapeException e) {
      throw BackendException.badResponse(binding.backend(), e.getMessage());
    }
    if (!(selected instanceof List<?> items)) {
      throw BackendException.badResponse(binding.backend(), "batch answer for " + binding.type()
          + " at " + binding.call().selector() + " is not a list");
    }
    Map<String, Object> byKey = new HashMap<>(items.size() * 2);
    for (Object item : items) {
      if (item instanceof Map<?, ?> object && object.get(binding.keyField()) != null) {
        byKey.put(String.valueOf(object.get(binding.keyField())), item);
      }
    }
    return byKey;
  }
}

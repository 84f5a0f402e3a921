package dev.sheaf.resolver;

import dev.sheaf.backend.BackendException;
import dev.sheaf.binding.EntityBinding;
import dev.sheaf.binding.Selector;
import dev.sheaf.binding.TemplateScope;
import dev.sheaf.pipeline.Served;
import dev.sheaf.cache.AnswerCache;
import dev.sheaf.pipeline.CacheExchange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import io.vertx.core.Future;

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

  EntityBatcher newBatcher(EntityBinding binding, RequestScope scope) {
    return new EntityBatcher(binding.maxBatchSize(), (keys, level, served) -> loadBatch(binding, scope, keys, level, served));
  }

  private static Future<Map<String, Object>> loadBatch(EntityBinding binding, RequestScope scope,
                                                       List<String> keys, int level, Served served) {
    AnswerCache cache = scope.cacheOf(binding.backend());
    Map<String, String> headers = cache == null ? null : scope.cacheScope(binding.backend());
    if (headers == null) {
      return call(binding, scope, keys, level, served, null);
    }
    // Objects stored by earlier batches are not asked for again: 20 keys with 18 stored make one call for 2.
    Future<Map<String, AnswerCache.EntityHit>> lookedUp = cache.entities(binding.backend(), binding.type(), keys, headers);
    if (!lookedUp.isComplete()) {
      // Asked of Redis: the level's lookups are not all made until the batch call for the others is.
      lookedUp = scope.tracked(lookedUp, level, false);
    }
    return lookedUp.compose(hits -> loadMissing(binding, scope, keys, level, served, cache, headers, hits));
  }

  private static Future<Map<String, Object>> loadMissing(EntityBinding binding, RequestScope scope, List<String> keys,
                                                         int level, Served served, AnswerCache cache,
                                                         Map<String, String> headers,
                                                         Map<String, AnswerCache.EntityHit> hits) {
    Map<String, Object> found = new HashMap<>(keys.size() * 2);
    List<String> missing = new ArrayList<>();
    for (String key : keys) {
      AnswerCache.EntityHit hit = hits.get(key);
      if (hit == null) {
        missing.add(key);
      } else {
        found.put(key, hit.value());
        scope.calls().usedStored(hit.cacheKey(), hit.value(), hit.freshForMillis());
      }
    }
    if (missing.isEmpty()) {
      return Future.succeededFuture(found);
    }
    CacheExchange exchange = new CacheExchange(true);
    return call(binding, scope, missing, level, served, exchange).map(loaded -> {
      Map<String, Object> stored = cache.storeEntities(binding.backend(), binding.type(), loaded, headers,
          exchange.lifetime(), exchange.bytes());
      loaded.forEach((key, value) -> {
        Object cacheKey = stored.get(key);
        if (cacheKey == null) {
          scope.calls().usedUnstored(exchange.freshForMillis());
        } else {
          scope.calls().usedStored(cacheKey, value, exchange.freshForMillis());
        }
      });
      if (loaded.size() < missing.size()) {
        scope.calls().usedUnstored(-1); // a key the backend did not know: nothing stored says so later
      }
      found.putAll(loaded);
      return found;
    });
  }

  private static Future<Map<String, Object>> call(EntityBinding binding, RequestScope scope, List<String> keys,
                                                  int level, Served served, CacheExchange exchange) {
    // The objects found bring fields of the next level, whose lookups wait for this call.
    Future<Object> answer = scope.call(binding.backend(), binding.call(), TemplateScope.ofKeys(keys), level, false,
        served, null, exchange);
    if (answer == null) {
      return Future.succeededFuture(Map.of()); // the call cannot be rendered without a value: nothing to look up
    }
    return answer
        .map(found -> indexByKey(binding, found))
        // "None of these exist" (HTTP 404, gRPC NOT_FOUND) is an answer: every key is null.
        .recover(e -> e instanceof BackendException be && be.isNotFound()
            ? Future.succeededFuture(Map.of()) : Future.failedFuture(e));
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

package dev.sheaf.resolver;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

/**
 * One request's lookups of one entity type: keys wait, each with the level of the query that asked
 * for it, until {@link #dispatch(int)} says their level is complete; then they go out together (in
 * chunks of at most {@code maxBatchSize}). Each key is loaded once per request, its answer (or
 * failure) shared by everyone who asks. Confined to the request's event loop.
 */
final class EntityBatcher {

  private final int maxBatchSize;
  private final BiFunction<List<String>, Integer, Future<Map<String, Object>>> loadBatch;
  private final Map<String, CompletableFuture<Object>> byKey = new HashMap<>();
  /** Keys not sent yet, with the shallowest level that asked for each. */
  private final Map<String, Integer> queued = new LinkedHashMap<>();

  /**
   * @param loadBatch loads a batch of keys asked for at a level (the second argument, the shallowest
   *                  of them); the map holds the objects found, by key (a missing key is null)
   */
  EntityBatcher(int maxBatchSize, BiFunction<List<String>, Integer, Future<Map<String, Object>>> loadBatch) {
    this.maxBatchSize = maxBatchSize;
    this.loadBatch = loadBatch;
  }

  CompletableFuture<Object> load(String key, int level) {
    CompletableFuture<Object> known = byKey.get(key);
    if (known != null) {
      queued.computeIfPresent(key, (k, asked) -> Math.min(asked, level));
      return known;
    }
    CompletableFuture<Object> value = new CompletableFuture<>();
    byKey.put(key, value);
    queued.put(key, level);
    return value;
  }

  boolean hasQueued() {
    return !queued.isEmpty();
  }

  /** Sends the queued keys of every level up to {@code completeUpTo}. */
  void dispatch(int completeUpTo) {
    List<String> keys = new ArrayList<>();
    int level = Integer.MAX_VALUE;
    for (Iterator<Map.Entry<String, Integer>> it = queued.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Integer> entry = it.next();
      if (entry.getValue() <= completeUpTo) {
        keys.add(entry.getKey());
        level = Math.min(level, entry.getValue());
        it.remove();
      }
    }
    for (int from = 0; from < keys.size(); from += maxBatchSize) {
      List<String> batch = keys.subList(from, Math.min(keys.size(), from + maxBatchSize));
      loadBatch.apply(batch, level).onComplete(ar -> {
        for (String key : batch) {
          if (ar.succeeded()) {
            byKey.get(key).complete(ar.result().get(key));
          } else {
            byKey.get(key).completeExceptionally(ar.cause());
          }
        }
      });
    }
  }
}

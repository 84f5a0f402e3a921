package dev.sheaf.resolver;

import dev.sheaf.pipeline.Served;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * One request's lookups of one entity type: keys wait, each with the level of the query that asked
 * for it, until {@link #dispatch(int)} says their level is complete; then they go out together (in
 * chunks of at most {@code maxBatchSize}). Each key is loaded once per request, its answer (or
 * failure) shared by everyone who asks. Confined to the request's event loop.
 */
final class EntityBatcher {

  /** Loads a batch of keys; the map holds the objects found, by key (a missing key is null). */
  interface BatchLoad {
    /**
     * @param level  the shallowest level that asked for one of the keys
     * @param served the fields the keys are for (the request's waterfall shows them)
     */
    Future<Map<String, Object>> load(List<String> keys, int level, Served served);
  }

  private final int maxBatchSize;
  private final BatchLoad loadBatch;
  private final Map<String, CompletableFuture<Object>> byKey = new HashMap<>();
  /** Keys not sent yet, with the shallowest level that asked for each and the first field that did. */
  private final Map<String, Queued> queued = new LinkedHashMap<>();

  /**
   * A key waiting: one entry holds both what the batch needs and what the waterfall shows, so a
   * request does not keep a second map per entity type for the fields.
   *
   * @param field the path of the first field that asked (null when not known)
   */
  private record Queued(int level, Object field) {
  }

  EntityBatcher(int maxBatchSize, BatchLoad loadBatch) {
    this.maxBatchSize = maxBatchSize;
    this.loadBatch = loadBatch;
  }

  /** @param field the path of the field that asks (null when not known) */
  CompletableFuture<Object> load(String key, int level, Object field) {
    CompletableFuture<Object> known = byKey.get(key);
    if (known != null) {
      Queued asked = queued.get(key);
      if (asked != null && level < asked.level()) {
        queued.put(key, new Queued(level, asked.field())); // the same key: its place in the order stays
      }
      return known;
    }
    CompletableFuture<Object> value = new CompletableFuture<>();
    byKey.put(key, value);
    queued.put(key, new Queued(level, field));
    return value;
  }

  boolean hasQueued() {
    return !queued.isEmpty();
  }

  /** Sends the queued keys of every level up to {@code completeUpTo}. */
  void dispatch(int completeUpTo) {
    List<String> keys = new ArrayList<>();
    List<Object> fields = new ArrayList<>();
    int level = Integer.MAX_VALUE;
    for (Iterator<Map.Entry<String, Queued>> it = queued.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Queued> entry = it.next();
      Queued asked = entry.getValue();
      if (asked.level() <= completeUpTo) {
        keys.add(entry.getKey());
        fields.add(asked.field());
        level = Math.min(level, asked.level());
        it.remove();
      }
    }
    for (int from = 0; from < keys.size(); from += maxBatchSize) {
      int to = Math.min(keys.size(), from + maxBatchSize);
      List<String> batch = keys.subList(from, to);
      List<Object> served = fields.subList(from, to).stream().filter(Objects::nonNull).distinct().toList();
      loadBatch.load(batch, level, Served.batch(served, batch.size())).onComplete(ar -> {
        for (String key : batch) {
          if (ar.succeeded()) {
            byKey.get(key).complete(ar.result().get(key));
          } else {
            byKey.get(key).completeExceptionally(FieldFutures.wrapped(ar.cause()));
          }
        }
      });
    }
  }
}

package dev.sheaf.resolver;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.Objects;
import java.util.function.BiFunction;
import dev.sheaf.pipeline.Served;

/**
 * One request's lookups of one entity type: keys asked for until the next {@link #dispatch()} go
 * out together (in chunks of at most {@code maxBatchSize}), and each key is loaded once per request,
 * its answer (or failure) shared by everyone who asks. Confined to the request's event loop.
 */
final class EntityBatcher {

  private final int maxBatchSize;
  private final BiFunction<List<String>, Served, Future<Map<String, Object>>> loadBatch;
  private final Map<String, CompletableFuture<Object>> byKey = new HashMap<>();
  private List<String> queued = new ArrayList<>();
  private List<Object> queuedFields = new ArrayList<>(); // the field of each queued key, for the waterfall

  /**
   * @param loadBatch loads a batch of keys for the fields they serve; the map holds the objects found, by
   *                  key (a missing key is null)
   */
  EntityBatcher(int maxBatchSize, BiFunction<List<String>, Served, Future<Map<String, Object>>> loadBatch) {
    this.maxBatchSize = maxBatchSize;
    this.loadBatch = loadBatch;
  }

  /** @param field the path of the field that asks (null when not known) */
  CompletableFuture<Object> load(String key, Object field) {
    CompletableFuture<Object> known = byKey.get(key);
    if (known != null) {
      return known;
    }
    CompletableFuture<Object> value = new CompletableFuture<>();
    byKey.put(key, value);
    queued.add(key);
    queuedFields.add(field);
    return value;
  }

  /** Sends the keys queued since the last dispatch. */
  void dispatch() {
    if (queued.isEmpty()) {
      return;
    }
    List<String> keys = queued;
    List<Object> fields = queuedFields;
    queued = new ArrayList<>();
    queuedFields = new ArrayList<>();
    for (int from = 0; from < keys.size(); from += maxBatchSize) {
      int to = Math.min(keys.size(), from + maxBatchSize);
      List<String> batch = keys.subList(from, to);
      List<Object> served = fields.subList(from, to).stream().filter(Objects::nonNull).distinct().toList();
      loadBatch.apply(batch, Served.batch(served, batch.size())).onComplete(ar -> {
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

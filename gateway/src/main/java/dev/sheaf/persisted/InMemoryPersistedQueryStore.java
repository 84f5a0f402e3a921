package dev.sheaf.persisted;

import io.vertx.core.Future;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The least recently used queries go first once {@code maxEntries} are stored, so clients cannot
 * grow the gateway's memory without bound by registering hashes. A lock, not a concurrent map:
 * every event loop shares the store, each access is a few pointer moves, and an access-ordered
 * LinkedHashMap is the simplest exact LRU.
 */
final class InMemoryPersistedQueryStore implements PersistedQueryStore {

  private final Map<String, String> queries;

  InMemoryPersistedQueryStore(int maxEntries) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be at least 1, got " + maxEntries);
    }
    this.queries = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
        return size() > maxEntries;
      }
    };
  }

  @Override
  public Future<String> get(String hash) {
    synchronized (queries) {
      return Future.succeededFuture(queries.get(hash));
    }
  }

  @Override
  public Future<Void> put(String hash, String query) {
    synchronized (queries) {
      queries.put(hash, query);
    }
    return Future.succeededFuture();
  }
}

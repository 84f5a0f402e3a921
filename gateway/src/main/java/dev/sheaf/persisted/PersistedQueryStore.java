package dev.sheaf.persisted;

import dev.sheaf.redis.SharedRedis;
import io.vertx.core.Future;

/**
 * Where automatic persisted queries live: query text by the lower-case hex SHA-256 of its UTF-8
 * bytes. One store serves a whole gateway (every event loop, every configuration reload), so a
 * query registered on one connection is found on any other. Asynchronous so that a store shared
 * between instances (over the network) can implement it without blocking an event loop.
 */
public interface PersistedQueryStore {

  /** The query registered under {@code hash}, or a future of null when there is none. */
  Future<String> get(String hash);

  /** Registers {@code query} under {@code hash}; the caller has checked that the hash is the query's. */
  Future<Void> put(String hash, String query);

  /** A store in this process's memory that keeps the {@code maxEntries} most recently used queries. */
  static PersistedQueryStore inMemory(int maxEntries) {
    return new InMemoryPersistedQueryStore(maxEntries);
  }

  /**
   * A store in a Redis the replicas share, in front of which each keeps the {@code maxEntries} most
   * recently used queries in memory.
   */
  static PersistedQueryStore shared(SharedRedis redis, int maxEntries) {
    return new RedisPersistedQueryStore(redis, new InMemoryPersistedQueryStore(maxEntries));
  }
}

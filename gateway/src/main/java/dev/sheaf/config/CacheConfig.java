package dev.sheaf.config;

import java.util.Locale;

/**
 * The answer cache of the whole gateway; which backends it keeps answers of is each backend's
 * {@code cache:} in its binding file.
 *
 * @param enabled       false turns every backend's cache and coalescing off at once
 * @param maxBytes      the most bytes of answers held in memory; the least used go first
 * @param store         where answers are kept: this instance's memory, or the Redis the replicas share too
 * @param maxEntryBytes the largest answer kept; a bigger one is passed on and not stored
 */
public record CacheConfig(boolean enabled, long maxBytes, Store store, long maxEntryBytes) {

  /** 64 MiB: thousands of typical answers, a small part of a gateway's heap. */
  public static final long DEFAULT_MAX_BYTES = 64L * 1024 * 1024;
  /** 1 MiB: far above a typical answer; a bigger one costs more to copy to Redis and back than it saves. */
  public static final long DEFAULT_MAX_ENTRY_BYTES = 1024L * 1024;

  /** Where answers are kept. */
  public enum Store {
    /** In this instance's memory alone. */
    MEMORY,
    /** In the Redis of {@code redis.url}, shared by the replicas, with a short-lived copy in memory. */
    REDIS;

    static Store parse(String text, String where) {
      String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
      for (Store store : values()) {
        if (store.name().toLowerCase(Locale.ROOT).equals(t)) {
          return store;
        }
      }
      throw new ConfigException(where + ": '" + text + "' is not a cache store; write memory or redis");
    }
  }

  public CacheConfig(boolean enabled, long maxBytes) {
    this(enabled, maxBytes, Store.MEMORY, DEFAULT_MAX_ENTRY_BYTES);
  }

  public static CacheConfig defaults() {
    return new CacheConfig(true, DEFAULT_MAX_BYTES);
  }

  public CacheConfig withStore(Store newStore) {
    return new CacheConfig(enabled, maxBytes, newStore, maxEntryBytes);
  }

  /**
   * Checks that a store in Redis has a Redis. Not in the constructor of {@link GatewayConfig}: a
   * reload combines the running cache and Redis settings with new ones one at a time.
   */
  public void checkStore(RedisConfig redis) {
    if (shared() && !redis.configured()) {
      throw new ConfigException("cache.store: redis keeps answers in the Redis the replicas share, but redis.url "
          + "is not set; set redis.url (e.g. redis://redis:6379, the Redis rate limits use too) or write "
          + "cache.store: memory");
    }
  }

  /** Whether answers go to the shared Redis too. */
  public boolean shared() {
    return enabled && store == Store.REDIS;
  }
}

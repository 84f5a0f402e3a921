package dev.sheaf.config;

/**
 * Automatic persisted queries: clients send a query's SHA-256 instead of its text once the gateway
 * has seen it.
 *
 * @param enabled    whether the gateway answers by hash; when off, a request with only a hash is
 *                   told {@code PERSISTED_QUERY_NOT_SUPPORTED} and Apollo clients send the text
 * @param maxEntries how many queries the in-memory store keeps (least recently used go first);
 *                   taken at start only, as the store outlives reloads
 */
public record PersistedQueriesConfig(boolean enabled, int maxEntries) {

  public static final int DEFAULT_MAX_ENTRIES = 10_000;

  public PersistedQueriesConfig {
    if (maxEntries < 1) {
      throw new ConfigException("persistedQueries.maxEntries: must be greater than zero, got " + maxEntries);
    }
  }

  public static PersistedQueriesConfig defaults() {
    return new PersistedQueriesConfig(true, DEFAULT_MAX_ENTRIES);
  }

  public PersistedQueriesConfig withEnabled(boolean on) {
    return new PersistedQueriesConfig(on, maxEntries);
  }

  public PersistedQueriesConfig withMaxEntries(int entries) {
    return new PersistedQueriesConfig(enabled, entries);
  }
}

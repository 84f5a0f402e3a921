package dev.sheaf.config;

/**
 * The answer cache of the whole gateway; which backends it keeps answers of is each backend's
 * {@code cache:} in its binding file.
 *
 * @param enabled  false turns every backend's cache and coalescing off at once
 * @param maxBytes the most bytes of answers held in memory; the least used go first
 */
public record CacheConfig(boolean enabled, long maxBytes) {

  /** 64 MiB: thousands of typical answers, a small part of a gateway's heap. */
  public static final long DEFAULT_MAX_BYTES = 64L * 1024 * 1024;

  public static CacheConfig defaults() {
    return new CacheConfig(true, DEFAULT_MAX_BYTES);
  }
}

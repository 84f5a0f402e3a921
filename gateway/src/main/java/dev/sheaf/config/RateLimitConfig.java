package dev.sheaf.config;

import dev.sheaf.ratelimit.RateLimitKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Per-client rate limits: a token bucket per key (GCRA), refilled at {@code limit} requests per
 * {@code period} and holding at most {@code burst}.
 *
 * @param limit     requests per period for each key; 0 turns rate limiting off
 * @param period    the period the limit is counted over
 * @param burst     how many requests a key may send at once after being idle; 0 means {@code limit}
 * @param key       expressions tried in turn; the first whose parts all have a value names the bucket
 *                  (see {@link RateLimitKey})
 * @param overrides the limit for particular keys (the rendered key, e.g. a client_id), over {@code limit}
 */
public record RateLimitConfig(int limit, Duration period, int burst, List<String> key, Map<String, Integer> overrides) {

  public static final List<String> DEFAULT_KEY = List.of("claims.sub", "ip");

  public RateLimitConfig {
    key = List.copyOf(key);
    overrides = Map.copyOf(overrides);
    if (key.isEmpty()) {
      throw new ConfigException("rateLimit.key: must name at least one template, e.g. [claims.sub, ip]");
    }
    RateLimitKey.compile(key); // refused at start-up, not at the first request
    if (overrides.values().stream().anyMatch(given -> given < 1)) {
      throw new ConfigException("rateLimit.overrides: every limit must be greater than zero, got " + overrides);
    }
  }

  public static RateLimitConfig defaults() {
    return new RateLimitConfig(0, Duration.ofSeconds(1), 0, DEFAULT_KEY, Map.of());
  }

  public boolean enabled() {
    return limit > 0 || !overrides.isEmpty();
  }

  /** The limit for a rendered key. */
  public int limitFor(String renderedKey) {
    return overrides.getOrDefault(renderedKey, limit);
  }

  /** The burst for a key whose limit is {@code keyLimit}: the configured burst scaled to that limit. */
  public int burstFor(int keyLimit) {
    if (burst == 0 || limit == 0) {
      return keyLimit;
    }
    return (int) Math.max(1, (long) burst * keyLimit / limit);
  }
}

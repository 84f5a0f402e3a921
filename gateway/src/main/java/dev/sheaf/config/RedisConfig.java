package dev.sheaf.config;

import java.net.URI;
import java.time.Duration;
import java.util.Set;

/**
 * The Redis that replicas of the gateway share.
 *
 * @param url     {@code redis://[user:password@]host:port[/db]} or {@code rediss://…}; null for none
 * @param timeout the longest a request waits for Redis; then it goes on without it (fails open)
 */
public record RedisConfig(String url, Duration timeout) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(100);
  private static final Set<String> SCHEMES = Set.of("redis", "rediss");

  public RedisConfig {
    if (timeout.isZero() || timeout.isNegative()) {
      throw new ConfigException("redis.timeout: must be longer than zero, got " + Durations.format(timeout));
    }
  }

  public static RedisConfig defaults() {
    return new RedisConfig(null, DEFAULT_TIMEOUT);
  }

  public boolean configured() {
    return url != null;
  }

  /** Checks the URL's form at start-up: a typo would otherwise only show as every request failing open. */
  public static String checkUrl(String url, String where) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(where + ": '" + url + "' is not a URL; write redis://host:6379");
    }
    if (uri.getScheme() == null || !SCHEMES.contains(uri.getScheme()) || uri.getHost() == null) {
      throw new ConfigException(where + ": '" + url + "' is not a Redis URL; write redis://host:6379 "
          + "(rediss:// for TLS)");
    }
    return url;
  }

  /** The URL without its password, for logs. */
  public String safeUrl() {
    URI uri = URI.create(url);
    return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
  }
}

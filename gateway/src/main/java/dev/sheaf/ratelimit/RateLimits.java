package dev.sheaf.ratelimit;

import dev.sheaf.config.RateLimitConfig;
import dev.sheaf.redis.SharedRedis;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;

/**
 * The gateway's rate-limit buckets: in memory, or in the shared Redis when there is one. One per
 * gateway, kept across reloads (a reload may change the limits; the buckets go on). When Redis
 * cannot answer in time the request is let through (fails open): a rate limiter that is down must
 * not take the gateway down with it. Decisions are counted in
 * {@code sheaf_rate_limit_requests_total{outcome}}: {@code allowed}, {@code limited}, {@code failed_open}.
 */
public final class RateLimits {

  private final Buckets buckets;
  private final Counter allowed;
  private final Counter limited;
  private final Counter failedOpen;

  private RateLimits(Buckets buckets, MeterRegistry metrics) {
    this.buckets = buckets;
    this.allowed = counter(metrics, "allowed");
    this.limited = counter(metrics, "limited");
    this.failedOpen = counter(metrics, "failed_open");
  }

  /** Buckets in this process's memory: each replica counts its own requests. */
  public static RateLimits inMemory(MeterRegistry metrics) {
    return new RateLimits(new InMemoryBuckets(), metrics);
  }

  /** Buckets in a Redis the replicas share: they enforce one limit together. */
  public static RateLimits shared(SharedRedis redis, MeterRegistry metrics) {
    return new RateLimits(new RedisBuckets(redis), metrics);
  }

  /** Takes one request from {@code key}'s bucket under {@code config}; never a failed future. */
  public Future<Decision> take(String key, RateLimitConfig config) {
    int limit = config.limitFor(key);
    if (limit <= 0) {
      return Future.succeededFuture(Decision.unlimited());
    }
    long intervalMicros = Math.max(1, config.period().toNanos() / 1000 / limit);
    return buckets.take(key, new Gcra(intervalMicros, config.burstFor(limit)), limit)
        .onSuccess(decision -> (decision.allowed() ? allowed : limited).increment())
        .recover(e -> {
          failedOpen.increment();
          return Future.succeededFuture(Decision.unlimited());
        });
  }

  private static Counter counter(MeterRegistry metrics, String outcome) {
    return Counter.builder("sheaf.rate.limit.requests").tag("outcome", outcome)
        .description("Client requests checked against a rate limit, by decision").register(metrics);
  }
}

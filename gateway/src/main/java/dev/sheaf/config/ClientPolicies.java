package dev.sheaf.config;

/**
 * What the gateway enforces on each client request before anything runs, and where state shared by
 * replicas lives.
 *
 * @param cost      how many backend calls one operation may make
 * @param rateLimit how many requests a client may send
 * @param csrf      which requests count as sent by a browser without a preflight, and are refused
 * @param redis     the Redis the replicas share (rate-limit buckets, persisted queries); its url is
 *                  null for none, and each replica keeps its own state in memory
 */
public record ClientPolicies(CostLimits cost, RateLimitConfig rateLimit, CsrfConfig csrf, RedisConfig redis) {

  public static ClientPolicies defaults() {
    return new ClientPolicies(CostLimits.defaults(), RateLimitConfig.defaults(), CsrfConfig.defaults(),
        RedisConfig.defaults());
  }

  public ClientPolicies withCost(CostLimits newCost) {
    return new ClientPolicies(newCost, rateLimit, csrf, redis);
  }

  public ClientPolicies withRateLimit(RateLimitConfig newRateLimit) {
    return new ClientPolicies(cost, newRateLimit, csrf, redis);
  }

  public ClientPolicies withCsrf(CsrfConfig newCsrf) {
    return new ClientPolicies(cost, rateLimit, newCsrf, redis);
  }

  public ClientPolicies withRedis(RedisConfig newRedis) {
    return new ClientPolicies(cost, rateLimit, csrf, newRedis);
  }
}

package dev.sheaf.ratelimit;

import dev.sheaf.redis.SharedRedis;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Buckets in a Redis that every replica shares, so N replicas enforce one limit. Each take is one
 * atomic script: {@link Gcra}'s arithmetic on the key's TAT, with Redis's own clock, so replicas whose
 * clocks differ still agree. The key expires when its bucket is full again.
 */
final class RedisBuckets implements Buckets {

  static final String PREFIX = "sheaf:ratelimit:";
  static final String USE = "rateLimit";

  // ARGV: emission interval and tolerance (burst x interval) in microseconds.
  // Returns: allowed (0/1), remaining, retry after (µs), reset (µs).
  static final String SCRIPT = """
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
      local interval = tonumber(ARGV[1])
      local tolerance = tonumber(ARGV[2])
      local tat = tonumber(redis.call('GET', KEYS[1])) or now
      local start = math.max(tat, now)
      local newTat = start + interval
      local allowAt = newTat - tolerance
      if now < allowAt then
        return {0, 0, allowAt - now, start - now}
      end
      redis.call('SET', KEYS[1], string.format('%d', newTat), 'PX', math.ceil((newTat - now) / 1000))
      return {1, math.floor((tolerance - (newTat - now)) / interval), 0, newTat - now}
      """;
  private static final String SHA = sha1(SCRIPT);

  private final SharedRedis redis;

  RedisBuckets(SharedRedis redis) {
    this.redis = redis;
  }

  @Override
  public Future<Decision> take(String key, Gcra gcra, int limit) {
    String interval = Long.toString(gcra.intervalMicros());
    String tolerance = Long.toString(gcra.toleranceMicros());
    return redis.send(Request.cmd(Command.EVALSHA, SHA, 1, PREFIX + key, interval, tolerance), USE)
        .recover(e -> e instanceof Response reply && reply.toString().startsWith("NOSCRIPT")
            ? redis.send(Request.cmd(Command.EVAL, SCRIPT, 1, PREFIX + key, interval, tolerance), USE)
            : Future.failedFuture(e))
        .map(reply -> new Decision(reply.get(0).toInteger() == 1, limit, reply.get(1).toLong(),
            Gcra.millisUp(reply.get(2).toLong()), Gcra.millisUp(reply.get(3).toLong())));
  }

  private static String sha1(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-1", e);
    }
  }
}

package dev.sheaf.persisted;

import dev.sheaf.redis.SharedRedis;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.time.Duration;

/**
 * Persisted queries shared by the replicas through Redis, so a hash registered through one is run
 * by all: read from this instance's memory first (no round trip for a known hash), then from Redis,
 * whose answer is kept in memory too. Redis unreachable: a hash this instance does not hold is
 * answered "not found" and the client registers it again, here; a registration is kept in memory
 * whatever Redis says.
 */
final class RedisPersistedQueryStore implements PersistedQueryStore {

  static final String PREFIX = "sheaf:apq:";
  private static final String USE = "persistedQueries";
  // A query no client asked for in this long has most likely gone with an old app version.
  private static final long EXPIRE_SECONDS = Duration.ofDays(30).toSeconds();

  private final SharedRedis redis;
  private final PersistedQueryStore local;

  RedisPersistedQueryStore(SharedRedis redis, PersistedQueryStore local) {
    this.redis = redis;
    this.local = local;
  }

  @Override
  public Future<String> get(String hash) {
    return local.get(hash).compose(held -> held != null ? Future.succeededFuture(held)
        : redis.send(Request.cmd(Command.GETEX, PREFIX + hash, "EX", EXPIRE_SECONDS), USE)
            .map(reply -> reply == null ? null : reply.toString())
            .compose(query -> query == null ? Future.succeededFuture((String) null)
                : local.put(hash, query).map(query))
            .otherwise((String) null));
  }

  @Override
  public Future<Void> put(String hash, String query) {
    return local.put(hash, query)
        .compose(v -> redis.send(Request.cmd(Command.SET, PREFIX + hash, query, "EX", EXPIRE_SECONDS), USE))
        .<Void>mapEmpty()
        .otherwiseEmpty();
  }
}

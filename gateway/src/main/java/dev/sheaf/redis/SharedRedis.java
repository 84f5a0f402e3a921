package dev.sheaf.redis;

import dev.sheaf.config.RedisConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis the gateway's replicas share, for one gateway: one pooled client for all its event loops
 * and configurations. Every command is bounded by {@code redis.timeout}, and its answer comes back on
 * the event loop that asked, so a request never waits on Redis longer than that nor moves to another
 * loop. Redis being unreachable is logged once when it starts and once when it ends, never per
 * request, and each failed command is counted in {@code sheaf_redis_failures_total{use}}; the callers
 * decide how to go on without it.
 */
public final class SharedRedis implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SharedRedis.class);
  // Enough for a burst of requests on every loop while Redis is slow; beyond it a command fails at once.
  private static final int MAX_WAITING = 1024;

  private final Redis client;
  private final String where;
  private final long timeoutMillis;
  private final MeterRegistry metrics;
  private final AtomicBoolean unreachable = new AtomicBoolean(false);

  public SharedRedis(Vertx vertx, RedisConfig config, MeterRegistry metrics) {
    this.timeoutMillis = config.timeout().toMillis();
    this.where = config.safeUrl();
    this.metrics = metrics;
    RedisOptions options = new RedisOptions()
        .setConnectionString(config.url())
        .setMaxPoolSize(Math.max(8, 2 * Runtime.getRuntime().availableProcessors()))
        .setMaxPoolWaiting(MAX_WAITING)
        .setMaxWaitingHandlers(MAX_WAITING)
        // A host that drops packets must not hold a connection attempt for the default 60 s.
        .setNetClientOptions(new NetClientOptions().setConnectTimeout((int) Math.max(timeoutMillis, 1000))
            .setTcpNoDelay(true).setTcpKeepAlive(true));
    this.client = Redis.createClient(vertx, options);
  }

  /**
   * Sends one command; the future fails after {@code redis.timeout} at the latest, and completes on
   * the caller's context.
   *
   * @param use what the command is for, the {@code use} label of the failure counter
   */
  public Future<Response> send(Request request, String use) {
    return bounded(client.send(request), use);
  }

  /**
   * Sends commands in one round trip (pipelined, not atomic); like {@link #send}, bounded by
   * {@code redis.timeout} and completed on the caller's context.
   *
   * @return the replies in the order of the commands; null for a nil reply
   */
  public Future<List<Response>> batch(List<Request> requests, String use) {
    return bounded(client.batch(requests), use);
  }

  private <T> Future<T> bounded(Future<T> sent, String use) {
    Context caller = Vertx.currentContext();
    Promise<T> answer = Promise.promise();
    sent.timeout(timeoutMillis, TimeUnit.MILLISECONDS).onComplete(ar -> {
      if (ar.succeeded()) {
        reachable();
      } else {
        failed(ar.cause(), use);
      }
      if (caller == null || caller == Vertx.currentContext()) {
        answer.handle(ar);
      } else {
        caller.runOnContext(v -> answer.handle(ar));
      }
    });
    return answer.future();
  }

  private void reachable() {
    if (unreachable.compareAndSet(true, false)) {
      LOG.info("Redis at {} answers again", where);
    }
  }

  private void failed(Throwable cause, String use) {
    if (cause instanceof Response reply && reply.toString().startsWith("NOSCRIPT")) {
      return; // the script cache was emptied (a restart): the caller sends the script itself
    }
    Counter.builder("sheaf.redis.failures").tag("use", use)
        .description("Redis commands that failed or timed out; the gateway went on without Redis")
        .register(metrics).increment();
    if (cause instanceof Response) {
      return; // an error Redis itself answered: it is reachable
    }
    if (unreachable.compareAndSet(false, true)) {
      LOG.warn("Redis at {} does not answer ({}); going on without it until it does (rate limits let requests "
          + "through, persisted queries and cached answers are looked up in this instance only)", where, cause.toString());
    }
  }

  @Override
  public void close() {
    client.close();
  }
}

package dev.sheaf.ratelimit;

import dev.sheaf.config.RateLimitConfig;
import dev.sheaf.config.RedisConfig;
import dev.sheaf.redis.SharedRedis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The time one rate-limit check takes, from asking to having the decision: in memory against one
 * round trip to a real {@code redis-server} on this host (started here on a free port), through the
 * gateway's own client and Lua script. What Redis-backed rate limits add to a request's latency.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RedisRateLimitBench {

  private Process redisServer;
  private Vertx vertx;
  private SharedRedis redis;
  private RateLimits shared;
  private RateLimits inMemory;
  private RateLimitConfig limits;

  @Setup(Level.Trial)
  public void setup() throws IOException, InterruptedException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    redisServer = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    waitForPort(port);
    vertx = Vertx.vertx();
    redis = new SharedRedis(vertx, new RedisConfig("redis://127.0.0.1:" + port, Duration.ofSeconds(2)),
        new SimpleMeterRegistry());
    shared = RateLimits.shared(redis, new SimpleMeterRegistry());
    inMemory = RateLimits.inMemory(new SimpleMeterRegistry());
    // Never refuses: the cost of a check that lets the request through, as nearly all are.
    limits = new RateLimitConfig(100_000_000, Duration.ofSeconds(1), 0, RateLimitConfig.DEFAULT_KEY, Map.of());
  }

  private static void waitForPort(int port) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      try (Socket ignored = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    throw new IllegalStateException("redis-server did not start on port " + port);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    redis.close();
    vertx.close().await(10, TimeUnit.SECONDS);
    redisServer.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
  }

  @Benchmark
  public Decision inMemory() throws TimeoutException {
    return inMemory.take("42", limits).await(2, TimeUnit.SECONDS);
  }

  @Benchmark
  public Decision inRedis() throws TimeoutException {
    Decision decision = shared.take("42", limits).await(2, TimeUnit.SECONDS);
    if (!decision.limited()) {
      throw new IllegalStateException("Redis did not answer: the check failed open");
    }
    return decision;
  }
}

package dev.sheaf.server;

import dev.sheaf.config.RateLimitConfig;
import dev.sheaf.persisted.PersistedQueryStore;
import dev.sheaf.ratelimit.Decision;
import dev.sheaf.ratelimit.RateLimitKey;
import dev.sheaf.ratelimit.RateLimits;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What the client-request policies add to a request, on one thread: the APQ lookup of a registered
 * hash (in memory) and the in-memory rate-limit check (key rendered, one GCRA step). Against the
 * gateway's CPU per home request (perf/RESULTS.md), this is the ≤ 3 % budget's numerator; perf/policies.sh
 * measures the same end to end. In the server package because {@link PersistedQueries} is package-private.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ClientPoliciesBench {

  static final String HOME = "query Home($id: ID!) { user(id: $id) { name tier orders(limit: 3) { id total status } "
      + "recommendations { id name price stock { available warehouse } } } }";

  private PersistedQueries persisted;
  private GraphQLRequest byHash;
  private RateLimits buckets;
  private RateLimitConfig limits;
  private RateLimitKey key;
  private RateLimitKey.Source caller;

  @Setup
  public void setup() {
    persisted = new PersistedQueries(PersistedQueryStore.inMemory(10_000), true);
    String hash = PersistedQueries.sha256Hex(HOME);
    Map<String, Object> extensions = Map.of(PersistedQueries.EXTENSION, Map.of("version", 1, "sha256Hash", hash));
    persisted.resolve(new GraphQLRequest(HOME, "Home", Map.of("id", "42"), extensions, null)).await();
    byHash = new GraphQLRequest(null, "Home", Map.of("id", "42"), extensions, null);
    // Never refuses: the cost of a check that lets the request through, as nearly all are.
    limits = new RateLimitConfig(100_000_000, Duration.ofSeconds(1), 0, RateLimitConfig.DEFAULT_KEY, Map.of());
    buckets = RateLimits.inMemory(new SimpleMeterRegistry());
    key = RateLimitKey.compile(limits.key());
    Map<String, Object> claims = Map.of("sub", "42", "aud", "sheaf");
    caller = new RateLimitKey.Source() {
      @Override
      public Object claim(String name) {
        return claims.get(name);
      }

      @Override
      public String ip() {
        return "10.1.2.3";
      }

      @Override
      public String operationName() {
        return "Home";
      }

      @Override
      public String header(String name) {
        return null;
      }
    };
  }

  @Benchmark
  public GraphQLRequest apqLookup() {
    return persisted.resolve(byHash).result();
  }

  @Benchmark
  public Decision rateLimitCheck() {
    return buckets.take(key.render(caller), limits).result();
  }

  @Benchmark
  public Decision both() {
    persisted.resolve(byHash).result();
    return buckets.take(key.render(caller), limits).result();
  }
}

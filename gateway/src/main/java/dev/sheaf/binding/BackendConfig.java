package dev.sheaf.binding;

import dev.sheaf.tls.TlsMaterial;
import java.net.URI;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A validated backend: REST ({@code url} set) or gRPC ({@code grpc} set).
 *
 * @param forwardHeaders       lower-case names of client headers passed on to this backend (an allow-list)
 * @param forwardAuthorization pass the client's (validated) Authorization header on
 * @param claimHeaders         lower-case header name to the token claim it carries; a client header of
 *                             the same name is never forwarded, so it cannot be spoofed
 * @param maxResponseBytes     the largest answer (REST body, gRPC message) read from this backend; a
 *                             larger one is BAD_BACKEND_RESPONSE and its connection or stream is dropped
 * @param circuitBreaker       when to stop calling a failing backend for a while, or null for never
 * @param maxConcurrentCalls   the most calls in flight to this backend; one more fails at once (the bulkhead)
 * @param connection           how the gateway connects: TLS, HTTP/2, headers sent on every call
 * @param retry                when and how often idempotent calls are sent again, or null for never (the default)
 * @param hedge                when to send an idempotent call a second time if it has not answered: after a
 *                             fixed delay or the backend's recent latency percentile; null for never (the default)
 * @param cache                how its answers are cached and its identical calls coalesced, or null for never
 */
public record BackendConfig(String name, URI url, Grpc grpc, Duration timeout, int pool, List<String> forwardHeaders,
                            boolean forwardAuthorization, Map<String, String> claimHeaders, long maxResponseBytes,
                            CircuitBreaker circuitBreaker, int maxConcurrentCalls, Connection connection, Retry retry,
                            HedgeDelay hedge, Cache cache) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
  /** 8 MiB: far above a screen's worth of JSON, far below what would stall an event loop to parse. */
  public static final long DEFAULT_MAX_RESPONSE_BYTES = 8L * 1024 * 1024;
  public static final int DEFAULT_POOL = 64;
  public static final int DEFAULT_MAX_STREAMS = 100;
  /**
   * Calls in flight per connection of the pool when maxConcurrentCalls is not set (4 x 64 = 256 by
   * default): a burst may wait briefly for a connection, but a hung backend holds at most this many
   * calls (and their memory) while every further one fails at once.
   */
  public static final int DEFAULT_CALLS_PER_CONNECTION = 4;

  /** The settings of a binding file before the circuit breaker and bulkhead existed. */
  public BackendConfig(String name, URI url, Grpc grpc, Duration timeout, int pool, List<String> forwardHeaders,
                       boolean forwardAuthorization, Map<String, String> claimHeaders, long maxResponseBytes) {
    this(name, url, grpc, timeout, pool, forwardHeaders, forwardAuthorization, claimHeaders, maxResponseBytes,
        CircuitBreaker.DEFAULT, pool * DEFAULT_CALLS_PER_CONNECTION);
  }

  /** The same backend with another timeout. */
  public BackendConfig withTimeout(Duration other) {
    return new BackendConfig(name, url, grpc, other, pool, forwardHeaders, forwardAuthorization, claimHeaders,
        maxResponseBytes, circuitBreaker, maxConcurrentCalls, connection, retry, hedge, cache);
  }

  /** What bounds retries and hedges together: the retry settings' budget, else the default one. */
  public Retry retryBudget() {
    return retry != null ? retry : Retry.DEFAULT;
  }

  /** The settings of a binding file before TLS settings, secret headers and HTTP/2 existed. */
  public BackendConfig(String name, URI url, Grpc grpc, Duration timeout, int pool, List<String> forwardHeaders,
                       boolean forwardAuthorization, Map<String, String> claimHeaders, long maxResponseBytes,
                       CircuitBreaker circuitBreaker, int maxConcurrentCalls) {
    this(name, url, grpc, timeout, pool, forwardHeaders, forwardAuthorization, claimHeaders, maxResponseBytes,
        circuitBreaker, maxConcurrentCalls, Connection.PLAIN, null, null, null);
  }

  /** The settings of a binding file before the answer cache existed. */
  public BackendConfig(String name, URI url, Grpc grpc, Duration timeout, int pool, List<String> forwardHeaders,
                       boolean forwardAuthorization, Map<String, String> claimHeaders, long maxResponseBytes,
                       CircuitBreaker circuitBreaker, int maxConcurrentCalls, Connection connection) {
    this(name, url, grpc, timeout, pool, forwardHeaders, forwardAuthorization, claimHeaders, maxResponseBytes,
        circuitBreaker, maxConcurrentCalls, connection, null, null, null);
  }

  public BackendConfig {
    forwardHeaders = List.copyOf(forwardHeaders);
    claimHeaders = Map.copyOf(claimHeaders);
  }

  /**
   * gRPC connection settings.
   *
   * @param reflection read descriptors from the backend's server reflection instead of schema/protos
   */
  public record Grpc(String host, int port, boolean tls, int maxConcurrentStreams, boolean reflection) {
  }

  /**
   * When a backend's circuit opens: over the last {@code window} calls (once at least
   * {@code minimumCalls} were made), {@code failureRate} percent failed or {@code slowCallRate}
   * percent took longer than {@code slowCallDuration}. It stays open for {@code openFor}, then lets
   * {@code halfOpenCalls} probe calls through, which close it again or open it for another round.
   */
  public record CircuitBreaker(int failureRate, Duration slowCallDuration, int slowCallRate, int window,
                               int minimumCalls, Duration openFor, int halfOpenCalls) {

    /**
     * On unless turned off: half of the last 20 calls failing (10 at least) stops calls for 5s. A
     * slow call alone never opens it by default (100% of the calls over 60s), only failures do.
     */
    public static final CircuitBreaker DEFAULT =
        new CircuitBreaker(50, Duration.ofSeconds(60), 100, 20, 10, Duration.ofSeconds(5), 3);
  }

  /**
   * How the gateway connects to the backend.
   *
   * @param tls     the TLS it connects with; null for cleartext ({@code http://}, or gRPC without {@code tls})
   * @param headers headers sent on every call (gRPC: metadata), whose values are often secrets
   * @param http2   REST over HTTP/2: ALPN over TLS, prior knowledge in cleartext
   */
  public record Connection(TlsMaterial tls, SecretHeaders headers, boolean http2) {

    /** Cleartext, HTTP/1.1, no headers of its own. */
    public static final Connection PLAIN = new Connection(null, SecretHeaders.NONE, false);

    /** Adds what was read from outside the binding files (TLS files, secret values) to a configuration's version. */
    public void digestInto(MessageDigest digest) {
      if (tls != null) {
        tls.digestInto(digest);
      }
      headers.digestInto(digest);
    }
  }

  /**
   * Retries of idempotent calls that failed in a way worth another try: at most {@code attempts} in
   * all, waiting a random time up to {@code backoff} x 2^(n-1) (capped by {@code maxBackoff}) before
   * the n-th retry; retries are at most {@code budget} percent of the backend's calls plus {@code burst}.
   */
  public record Retry(int attempts, Duration backoff, Duration maxBackoff, int budget, int burst) {

    /** Three attempts, 50 ms then 100 ms at most between them, 10 % extra calls at most (10 in a burst). */
    public static final Retry DEFAULT = new Retry(3, Duration.ofMillis(50), Duration.ofSeconds(1), 10, 10);
  }

  /**
   * How a backend's answers are cached.
   *
   * @param ttl       how long an answer stays fresh when the backend says nothing about it (REST
   *                  without Cache-Control; every gRPC answer); zero: only what the backend says
   * @param perCaller calls that carry the caller's identity (Authorization, claim headers) are cached
   *                  for that caller alone; false: such calls are never cached nor coalesced
   */
  /**
   * How long a hedged call waits for its first attempt: {@code after} (fixed), or the {@code percentile}
   * of the backend's recent calls' latency (then {@code after} is null), which follows the backend as it
   * speeds up or slows down.
   */
  public record HedgeDelay(Duration after, int percentile) {

    public static HedgeDelay fixed(Duration after) {
      return new HedgeDelay(after, 0);
    }

    public static HedgeDelay ofPercentile(int percentile) {
      return new HedgeDelay(null, percentile);
    }

    public boolean adaptive() {
      return after == null;
    }
  }

  public record Cache(Duration ttl, boolean perCaller) {
  }

  public boolean isGrpc() {
    return grpc != null;
  }
}

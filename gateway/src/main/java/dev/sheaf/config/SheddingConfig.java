package dev.sheaf.config;

import java.time.Duration;

/**
 * When the gateway refuses new client requests at the door (503 with {@code Retry-After}) rather
 * than queue them: an overloaded gateway that accepts everything fills its heap with requests that
 * will all miss their deadlines together.
 *
 * @param maxInFlight       client requests in flight at once, across every event loop; one more is shed
 * @param maxEventLoopDelay shed while an event loop runs its timers later than this; zero turns it off
 * @param retryAfter        what a shed request's {@code Retry-After} header asks the client to wait
 * @param adaptive          also shed past a limit that keeps the CPU under {@code targetCpu} (off by default)
 * @param targetCpu         the share of its CPUs the adaptive limit keeps the gateway under, from 0 to 1
 */
public record SheddingConfig(int maxInFlight, Duration maxEventLoopDelay, Duration retryAfter, boolean adaptive,
                             double targetCpu) {

  /** Enough headroom that a request rarely waits behind another for the CPU (perf/RESULTS-spike.md). */
  static final double DEFAULT_TARGET_CPU = 0.7;

  /** Without the adaptive limit. */
  public SheddingConfig(int maxInFlight, Duration maxEventLoopDelay, Duration retryAfter) {
    this(maxInFlight, maxEventLoopDelay, retryAfter, false, DEFAULT_TARGET_CPU);
  }

  /** What one request in flight may hold at most, on average: its body, parsed document, results. */
  static final long BYTES_PER_REQUEST = 64 * 1024;
  /** Beyond this many per core a request waits longer for the CPU than a backend call takes. */
  static final int PER_CORE = 1024;
  static final int AT_LEAST = 64;

  public static SheddingConfig defaults() {
    return new SheddingConfig(defaultMaxInFlight(Runtime.getRuntime().maxMemory(),
        Runtime.getRuntime().availableProcessors()), Duration.ZERO, Duration.ofSeconds(1));
  }

  /**
   * An eighth of the heap for requests in flight at 64 KiB each, at most 1024 per core: about 500 with
   * -Xmx256m (the JVM reports about 247 MiB of it), 8192 with 4 GiB on 8 cores. The rest of the heap is the gateway's own (about 20 MiB)
   * and the short-lived garbage of the requests being served.
   */
  static int defaultMaxInFlight(long maxHeapBytes, int cores) {
    long byMemory = maxHeapBytes / 8 / BYTES_PER_REQUEST;
    long byCores = (long) PER_CORE * Math.max(1, cores);
    return (int) Math.max(AT_LEAST, Math.min(byMemory, byCores));
  }

  /** The {@code Retry-After} value: whole seconds, at least one. */
  public long retryAfterSeconds() {
    return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
  }
}

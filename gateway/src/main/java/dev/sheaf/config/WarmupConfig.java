package dev.sheaf.config;

import java.time.Duration;

/**
 * The warm-up before readiness: the configuration's own operations run through the whole request path
 * against made-up answers from loopback servers of its own (never a backend), so the JIT compiler has
 * compiled that path before the first user's request instead of during the first users' seconds.
 *
 * @param enabled  whether a start warms up before {@code /ready} answers 200
 * @param duration the longest it may take; it ends sooner once the JIT compiler has gone quiet
 */
public record WarmupConfig(boolean enabled, Duration duration) {

  /**
   * A bound, not a wait: the warm-up ends as soon as the JIT compiler has gone quiet. On one core the
   * optimizing compiler (C2) went quiet after 41-48 s of the request path; a warm-up cut short at 15 s
   * left its compiling to the first users' seconds, and p99 settled 9-15 s after ready instead of 2-4 s
   * (perf/RESULTS-warmup.md). Readiness waits for it; traffic does not.
   */
  public static final Duration DEFAULT_DURATION = Duration.ofSeconds(60);

  /** No warm-up: ready as soon as the gateway listens. */
  public static final WarmupConfig OFF = new WarmupConfig(false, DEFAULT_DURATION);

  public static WarmupConfig defaults() {
    return new WarmupConfig(true, DEFAULT_DURATION);
  }
}

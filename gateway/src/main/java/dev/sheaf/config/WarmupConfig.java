package dev.sheaf.config;

import java.time.Duration;

/**
 * The warm-up before readiness: the configuration's own operations run through the whole request path
 * against answers made up in the process (never a backend), so the JIT compiler has compiled that
 * path before the first user's request instead of during the first users' seconds.
 *
 * @param enabled  whether a start warms up before {@code /ready} answers 200
 * @param duration the longest it may take; it ends sooner once the JIT compiler has gone quiet
 */
public record WarmupConfig(boolean enabled, Duration duration) {

  /** A few seconds: on one core that compiles the request path, and a rolling deploy barely notices. */
  public static final Duration DEFAULT_DURATION = Duration.ofSeconds(5);

  /** No warm-up: ready as soon as the gateway listens. */
  public static final WarmupConfig OFF = new WarmupConfig(false, DEFAULT_DURATION);

  public static WarmupConfig defaults() {
    return new WarmupConfig(true, DEFAULT_DURATION);
  }
}

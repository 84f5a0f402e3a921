package dev.sheaf.observability;

import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The histogram buckets of every latency the gateway publishes: 1 ms to 30 s, dense where
 * answers usually fall. Fixed buckets (not percentiles) so series from many instances add up.
 */
final class LatencyBuckets {

  private static final Duration[] BOUNDS = {
      ms(1), ms(2), ms(5), ms(10), ms(25), ms(50), ms(100), ms(250), ms(500),
      ms(1_000), ms(2_500), ms(5_000), ms(10_000), ms(30_000)};

  private LatencyBuckets() {
  }

  static Timer.Builder apply(Timer.Builder timer) {
    return timer.serviceLevelObjectives(BOUNDS)
        .minimumExpectedValue(BOUNDS[0])
        .maximumExpectedValue(BOUNDS[BOUNDS.length - 1]);
  }

  private static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }
}

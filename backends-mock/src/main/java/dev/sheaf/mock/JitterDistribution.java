package dev.sheaf.mock;

import java.util.Arrays;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * How a service draws the extra delay its {@code jitterMs} knob allows.
 *
 * <p>{@link #UNIFORM} spreads it evenly over {@code [0, jitterMs]}: every call a little late, none very
 * late. {@link #PARETO} is long-tailed, as real servers are (a GC pause, a cold cache, a busy disk): a
 * Pareto (Lomax) distribution of shape 2 and scale {@code jitterMs}, so the extra delay is at most
 * 0.41 × {@code jitterMs} for half the calls, 1 × on average, 2.2 × at p90, 9 × at p99 and 31 × at
 * p99.9, capped at 100 ×. Only the long tail gives hedging something to cut: with a uniform jitter a
 * second attempt is no likelier to be fast than the first one's remaining wait.
 */
public enum JitterDistribution {

  UNIFORM {
    @Override
    long draw(long jitterMs, RandomGenerator random) {
      return jitterMs == 0 ? 0 : random.nextLong(jitterMs + 1);
    }
  },

  PARETO {
    @Override
    long draw(long jitterMs, RandomGenerator random) {
      if (jitterMs == 0) {
        return 0;
      }
      // Inverse transform: P(X > x) = (1 + x / scale)^-2, with u in (0, 1].
      double u = 1.0 - random.nextDouble();
      double extra = jitterMs * (1 / Math.sqrt(u) - 1);
      return Math.round(Math.min(extra, PARETO_CAP * jitterMs));
    }
  };

  private static final double PARETO_CAP = 100;

  /** An extra delay in milliseconds for a service whose {@code jitterMs} is as given. */
  abstract long draw(long jitterMs, RandomGenerator random);

  /** @throws IllegalArgumentException naming the accepted values */
  static JitterDistribution named(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("jitterDistribution must be one of "
          + Arrays.toString(values()).toLowerCase(Locale.ROOT) + ", was '" + name + "'", e);
    }
  }
}

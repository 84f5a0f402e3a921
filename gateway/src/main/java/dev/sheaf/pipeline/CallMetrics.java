package dev.sheaf.pipeline;

import java.time.Instant;
import java.util.function.IntSupplier;

/**
 * Makes each backend's metrics layer. One per gateway, shared by every configuration it loads, so
 * a backend's series go on across a reload.
 */
public interface CallMetrics {

  /** No metrics: pipelines without a metrics layer. */
  CallMetrics OFF = backend -> null;

  /** Does nothing: what a backend without metrics counts its shared reads with. */
  Runnable UNCOUNTED = () -> { };

  /** @return the metrics layer of the backend, or null for none */
  Layer layer(String backend);

  /** Counts one read of the backend that a request shared instead of making it again (dedupe). */
  default Runnable sharedReads(String backend) {
    return UNCOUNTED;
  }

  /**
   * Where the backend's circuit state is read from now (0 closed, 1 open, 2 half-open); a new
   * configuration's breaker replaces the one before.
   */
  default void circuitState(String backend, IntSupplier state) {
  }

  /**
   * When the backend's configured certificates expire now ({@code certificate} is {@code client}
   * or {@code ca}); a new configuration that read rotated files replaces the dates before.
   */
  default void certificateExpiry(String backend, String certificate, Instant notAfter) {
  }

  /** What counts the backend's second attempts of one kind ({@code retry} or {@code hedge}). */
  default Runnable extraAttempts(String backend, String kind) {
    return () -> { };
  }

  /**
   * Counts one field served by its declared fallback because {@code backend} failed: {@code field} is
   * its schema coordinate ({@code User.recommendations}), {@code kind} {@code value} or {@code stale}.
   */
  default void fallbackServed(String backend, String field, String kind) {
  }
}

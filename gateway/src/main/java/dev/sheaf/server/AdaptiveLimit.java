package dev.sheaf.server;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A limit on client requests in flight that follows how late the event loops run ({@code
 * shedding.adaptive}). A late loop means the gateway's own CPU is the queue: every request admitted
 * beyond what it can serve waits there, and so does every 503 of a shed one. So while the loops run late
 * the limit is cut to three quarters of what is in flight; while they are on time and the limit turned
 * requests away, it grows by a quarter. Over capacity it is meant to settle where the loops are just on
 * time. Experimental: measured, it shed most of a spike that the default limit served in full, since the
 * timer delay rises with the loop's batches of I/O before the CPU is full (perf/RESULTS-spike.md).
 *
 * <p>Backend slowness does not move it: a request waiting for a backend holds no CPU. That is bounded
 * by {@code shedding.maxInFlight} (memory) and the backends' own bulkheads instead.
 *
 * <p>Adjusted by one event loop's timer only; read by every loop.
 */
final class AdaptiveLimit {

  /** Late probes in a row before a cut: a single late one is a GC pause, not a queue. */
  static final int LATE_PROBES_TO_CUT = 2;

  private final int floor;
  private final AtomicLong refused = new AtomicLong();
  private volatile int limit;
  private int lateProbes;
  private long refusedAtLastProbe;

  /** @param floor the fewest requests in flight it ever allows: one loop's worth of work stays admitted */
  AdaptiveLimit(int floor, int start) {
    this.floor = floor;
    this.limit = Math.max(floor, start);
  }

  /** The limit now. */
  int limit() {
    return limit;
  }

  /** Notes a request this limit turned away, so that the next on-time probe lets it grow. */
  void refused() {
    refused.incrementAndGet();
  }

  /**
   * One probe of the loops: their delay now against the target, with the requests in flight now.
   *
   * @param ceiling the configured {@code shedding.maxInFlight}, which this never exceeds
   */
  void adjust(long delayNanos, long targetNanos, int inFlight, int ceiling) {
    long refusedNow = refused.get();
    boolean wasInTheWay = refusedNow > refusedAtLastProbe;
    refusedAtLastProbe = refusedNow;
    int current = Math.min(limit, ceiling);
    if (delayNanos > targetNanos) {
      if (++lateProbes >= LATE_PROBES_TO_CUT) {
        limit = Math.max(floor, Math.min(current, inFlight) * 3 / 4);
      }
      return;
    }
    lateProbes = 0;
    if (wasInTheWay) {
      limit = (int) Math.min(ceiling, current + current / 4L + 1);
    } else {
      limit = Math.max(floor, current);
    }
  }
}

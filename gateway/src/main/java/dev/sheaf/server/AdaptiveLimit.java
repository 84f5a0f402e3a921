package dev.sheaf.server;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A limit on client requests in flight that keeps the gateway's CPU under a target share ({@code
 * shedding.adaptive}, {@code shedding.targetCpu}). Past it, the CPU is the queue: every request admitted
 * beyond what it can serve waits there, and so does the 503 of every shed one, so latency grows with
 * the excess. While the CPU runs over the target the limit is cut to three quarters of what is in
 * flight; while it runs under and the limit turned requests away, it grows by a quarter. Over capacity
 * it settles where the CPU is just under the target, leaving the headroom that keeps served requests
 * near their unloaded latency.
 *
 * <p>Backend slowness does not move it: a request waiting for a backend holds no CPU. That is bounded
 * by {@code shedding.maxInFlight} (memory) and the backends' own bulkheads instead. (A first version
 * followed the event loops' timer delay; it shed most of spikes the gateway could serve, since the delay
 * rises with each batch of I/O long before the CPU is full: perf/RESULTS-spike.md.)
 *
 * <p>Adjusted by one event loop's timer only; read by every loop.
 */
final class AdaptiveLimit {

  /** Busy probes in a row before a cut: a single one is a GC or a compilation, not a queue. */
  static final int BUSY_PROBES_TO_CUT = 2;

  private final int floor;
  private final AtomicLong refused = new AtomicLong();
  private volatile int limit;
  private int busyProbes;
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
   * One probe: whether the CPU ran over its target since the last one, with the requests in flight now.
   *
   * @param ceiling the configured {@code shedding.maxInFlight}, which this never exceeds
   */
  void adjust(boolean overTarget, int inFlight, int ceiling) {
    long refusedNow = refused.get();
    boolean wasInTheWay = refusedNow > refusedAtLastProbe;
    refusedAtLastProbe = refusedNow;
    int current = Math.min(limit, ceiling);
    if (overTarget) {
      if (++busyProbes >= BUSY_PROBES_TO_CUT) {
        limit = Math.max(floor, Math.min(current, inFlight) * 3 / 4);
      }
      return;
    }
    busyProbes = 0;
    if (wasInTheWay) {
      limit = (int) Math.min(ceiling, current + current / 4L + 1);
    } else {
      limit = Math.max(floor, current);
    }
  }
}

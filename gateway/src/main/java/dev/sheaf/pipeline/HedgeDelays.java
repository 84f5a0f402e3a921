package dev.sheaf.pipeline;

import dev.sheaf.binding.BackendConfig.HedgeDelay;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * How long a hedged call waits before its second attempt: a fixed delay, or a percentile of the
 * backend's recent first attempts, so the hedge follows the backend when it speeds up or slows down.
 */
interface HedgeDelays {

  /** @return the delay in milliseconds, or -1 for no hedge (not enough answers seen yet) */
  long millis();

  /** Notes how long a first attempt took, until its answer or until it was cancelled. */
  void record(long nanos);

  static HedgeDelays of(HedgeDelay delay) {
    if (!delay.adaptive()) {
      long fixed = delay.after().toMillis();
      return new HedgeDelays() {
        @Override
        public long millis() {
          return fixed;
        }

        @Override
        public void record(long nanos) {
        }
      };
    }
    return new Recent(delay.percentile(), System::nanoTime);
  }

  /**
   * The percentile over the last {@value #SIZE} first attempts, read again at most once a second (a
   * sort of 256 numbers), shared by the event loops. An attempt cancelled because the hedge answered
   * first counts with the time it had run: it took at least that long, and leaving it out would walk
   * the percentile down and the hedges up.
   */
  final class Recent implements HedgeDelays {

    static final int SIZE = 256;
    /** Fewer answers than this say too little of the backend: no hedging until then. */
    static final int MIN_SAMPLES = 20;
    private static final long REFRESH_NANOS = 1_000_000_000L;

    private final int percentile;
    private final java.util.function.LongSupplier clock;
    private final AtomicLongArray samples = new AtomicLongArray(SIZE);
    private final AtomicLong count = new AtomicLong();
    private volatile long current = -1;
    private volatile long readAt;

    Recent(int percentile, java.util.function.LongSupplier clock) {
      this.percentile = percentile;
      this.clock = clock;
      this.readAt = clock.getAsLong() - REFRESH_NANOS;
    }

    @Override
    public void record(long nanos) {
      samples.set((int) (count.getAndIncrement() % SIZE), nanos);
    }

    @Override
    public long millis() {
      long now = clock.getAsLong();
      if (now - readAt >= REFRESH_NANOS && count.get() >= MIN_SAMPLES) {
        readAt = now; // two loops racing here compute the same figure
        current = Math.max(1, percentileNanos() / 1_000_000);
      }
      return current;
    }

    private long percentileNanos() {
      int n = (int) Math.min(count.get(), SIZE);
      long[] sorted = new long[n];
      for (int i = 0; i < n; i++) {
        sorted[i] = samples.get(i);
      }
      Arrays.sort(sorted);
      return sorted[Math.min(n - 1, (int) Math.ceil(percentile / 100.0 * n) - 1)];
    }
  }
}

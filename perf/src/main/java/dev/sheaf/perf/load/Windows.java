package dev.sheaf.perf.load;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The measured window cut into equal slices (e.g. 1 s), each with its own latency histogram and
 * counts: how a target's latency changes over the window, e.g. while its JIT compiler warms it up. A
 * request belongs to the slice of its intended send time, as it belongs to the window; completions are
 * counted in the slice they happen in (what CPU per request divides by). Used from the generator's
 * event loop only.
 */
final class Windows {

  private static final long HIGHEST_MICROS = TimeUnit.SECONDS.toMicros(120);

  private final long start;
  private final long sliceNanos;
  private final Histogram[] latency;
  private final long[] errors;
  private final long[] completed;

  Windows(long start, long end, long sliceNanos) {
    this.start = start;
    this.sliceNanos = sliceNanos;
    int n = (int) Math.max(1, (end - start + sliceNanos - 1) / sliceNanos);
    this.latency = new Histogram[n];
    this.errors = new long[n];
    this.completed = new long[n];
    for (int i = 0; i < n; i++) {
      latency[i] = new Histogram(HIGHEST_MICROS, 2);
    }
  }

  int count() {
    return latency.length;
  }

  /** The slice a moment falls in, or -1 outside the window. */
  int sliceOf(long nanos) {
    if (nanos < start) {
      return -1;
    }
    long i = (nanos - start) / sliceNanos;
    return i < latency.length ? (int) i : -1;
  }

  void record(long intended, long done, boolean good) {
    int at = sliceOf(intended);
    if (at >= 0) {
      latency[at].recordValue(Math.min(HIGHEST_MICROS, Math.max(0, (done - intended) / 1000)));
      if (!good) {
        errors[at]++;
      }
    }
    int finished = sliceOf(done);
    if (finished >= 0) {
      completed[finished]++;
    }
  }

  /**
   * One object per slice: its start (seconds into the window), requests (by intended time), errors,
   * latency percentiles in ms, and requests completed in it.
   */
  JsonArray toJson() {
    JsonArray out = new JsonArray();
    for (int i = 0; i < latency.length; i++) {
      Histogram h = latency[i];
      out.add(new JsonObject()
          .put("startSeconds", i * sliceNanos / 1e9)
          .put("requests", h.getTotalCount())
          .put("errors", errors[i])
          .put("completed", completed[i])
          .put("p50", h.getValueAtPercentile(50) / 1000.0)
          .put("p99", h.getValueAtPercentile(99) / 1000.0)
          .put("max", h.getMaxValue() / 1000.0));
    }
    return out;
  }
}

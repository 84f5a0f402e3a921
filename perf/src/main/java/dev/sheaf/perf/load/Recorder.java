package dev.sheaf.perf.load;

import dev.sheaf.perf.load.ResponseCheck.Outcome;
import dev.sheaf.perf.load.ResponseCheck.Verdict;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * What one stream of requests did inside the measured window. Used from the generator's event loop
 * only, so plain fields suffice.
 *
 * <p>A request belongs to the window by its INTENDED send time (open loop: the schedule, so a request
 * that waited for a connection still counts, with its full wait; closed loop: the actual send).
 * Throughput counts the requests that COMPLETED inside the window with the expected answer; CPU per
 * request divides by those that got any answer.
 */
final class Recorder {

  private static final long HIGHEST_MICROS = TimeUnit.SECONDS.toMicros(120);
  private static final int MAX_SAMPLES = 5;

  private final long windowStart;
  private final long windowEnd;
  /** From the intended send time (open) or the send (closed): what a user waits. */
  final Histogram latency = new Histogram(HIGHEST_MICROS, 3);
  /** From the actual send: what the target took once the request left. */
  private final Histogram service = new Histogram(HIGHEST_MICROS, 3);
  /** Latency of the requests answered as expected: what a served user waits, apart from the shed ones. */
  private final Histogram served = new Histogram(HIGHEST_MICROS, 3);
  /** Latency of the requests answered 503: how fast a gateway that sheds says so. */
  private final Histogram shed = new Histogram(HIGHEST_MICROS, 3);
  /** Actual minus intended send time: how late the generator itself was (open loop). */
  private final Histogram sendLag = new Histogram(HIGHEST_MICROS, 3);
  private final Map<Outcome, Long> outcomes = new EnumMap<>(Outcome.class);
  private final Set<String> samples = new LinkedHashSet<>();
  /** The slowest latency of the requests intended in each second of the window: when a stall happened. */
  private final long[] slowestBySecond;
  private long inWindow;
  private long completedInWindow;
  private long answeredInWindow;
  private long goodInWindow;
  private long outstandingInWindow;
  private long bytes;
  private long responses;
  private Windows windows; // null unless slices were asked for

  Recorder(long windowStart, long windowEnd) {
    this.windowStart = windowStart;
    this.windowEnd = windowEnd;
    this.slowestBySecond = new long[(int) Math.max(1, (windowEnd - windowStart + 999_999_999) / 1_000_000_000)];
  }

  /** Also records each slice of {@code sliceNanos} of the window on its own (see {@link Windows}). */
  void slices(long sliceNanos) {
    this.windows = new Windows(windowStart, windowEnd, sliceNanos);
  }

  Windows windows() {
    return windows;
  }

  boolean inWindow(long intendedNanos) {
    return intendedNanos >= windowStart && intendedNanos < windowEnd;
  }

  void sent(long intendedNanos) {
    if (inWindow(intendedNanos)) {
      outstandingInWindow++;
    }
  }

  void completed(long intended, long sent, long done, Verdict verdict, int bodyBytes) {
    if (windows != null) {
      windows.record(intended, done, verdict.outcome() == Outcome.OK || verdict.outcome() == Outcome.EXPECTED_ERROR);
    }
    if (done >= windowStart && done < windowEnd) {
      completedInWindow++;
      if (verdict.outcome() != Outcome.IO_ERROR) {
        answeredInWindow++;
      }
      if (verdict.outcome() == Outcome.OK || verdict.outcome() == Outcome.EXPECTED_ERROR) {
        goodInWindow++;
      }
    }
    if (!inWindow(intended)) {
      return;
    }
    outstandingInWindow--;
    inWindow++;
    long latencyMicros = Math.min(HIGHEST_MICROS, Math.max(0, (done - intended) / 1000));
    latency.recordValue(latencyMicros);
    if (verdict.outcome() == Outcome.OK || verdict.outcome() == Outcome.EXPECTED_ERROR) {
      served.recordValue(latencyMicros);
    } else if (verdict.outcome() == Outcome.HTTP_STATUS && ResponseCheck.SHED.equals(verdict.reason())) {
      shed.recordValue(latencyMicros);
    }
    int second = (int) ((intended - windowStart) / 1_000_000_000);
    slowestBySecond[second] = Math.max(slowestBySecond[second], latencyMicros);
    service.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, (done - sent) / 1000)));
    sendLag.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, (sent - intended) / 1000)));
    outcomes.merge(verdict.outcome(), 1L, Long::sum);
    if (verdict.outcome() != Outcome.OK && samples.size() < MAX_SAMPLES && verdict.reason() != null) {
      samples.add(verdict.outcome() + ": " + verdict.reason());
    }
    if (bodyBytes >= 0) {
      bytes += bodyBytes;
      responses++;
    }
  }

  /** Requests of the window still waiting for an answer. */
  long outstandingInWindow() {
    return outstandingInWindow;
  }

  JsonObject summary(double windowSeconds) {
    long ok = outcomes.getOrDefault(Outcome.OK, 0L);
    long expected = outcomes.getOrDefault(Outcome.EXPECTED_ERROR, 0L);
    JsonObject errors = new JsonObject();
    outcomes.forEach((outcome, n) -> {
      if (outcome != Outcome.OK && outcome != Outcome.EXPECTED_ERROR) {
        errors.put(outcome.name(), n);
      }
    });
    return new JsonObject()
        .put("requests", inWindow)
        .put("completedInWindow", completedInWindow)
        // Answered: the target sent a response (any status). Good: the response was as expected.
        .put("answeredInWindow", answeredInWindow)
        .put("goodInWindow", goodInWindow)
        .put("throughput", goodInWindow / windowSeconds)
        .put("ok", ok)
        .put("expectedErrors", expected)
        .put("errors", inWindow - ok - expected)
        .put("errorsByKind", errors)
        .put("errorSamples", new JsonArray(samples.stream().toList()))
        .put("meanResponseBytes", responses == 0 ? 0 : bytes / responses)
        .put("latencyMs", percentiles(latency))
        .put("servedMs", percentiles(served))
        .put("shedMs", percentiles(shed))
        .put("serviceMs", percentiles(service))
        .put("sendLagMs", percentiles(sendLag))
        .put("slowestMsBySecond", new JsonArray(Arrays.stream(slowestBySecond)
            .mapToObj(Recorder::ms).toList()));
  }

  static JsonObject percentiles(Histogram h) {
    return new JsonObject()
        .put("count", h.getTotalCount())
        .put("p50", ms(h.getValueAtPercentile(50)))
        .put("p90", ms(h.getValueAtPercentile(90)))
        .put("p99", ms(h.getValueAtPercentile(99)))
        .put("p999", ms(h.getValueAtPercentile(99.9)))
        .put("max", ms(h.getMaxValue()))
        .put("mean", Math.round(h.getMean()) / 1000.0);
  }

  void writeDistribution(PrintStream out) {
    latency.outputPercentileDistribution(out, 1000.0);
  }

  private static double ms(long micros) {
    return micros / 1000.0;
  }
}

package dev.sheaf.mock;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What one service has seen: how many calls, how many at once, and the calls themselves (the last
 * {@value #CAPACITY}). Thread-safe. Public for the gRPC mock in {@code dev.sheaf.mock.inventory}.
 *
 * @param <R> how a call is recorded
 */
public final class ServiceStats<R> {

  /** How many recorded calls are kept; older ones are dropped. */
  public static final int CAPACITY = RequestLog.CAPACITY;

  private final AtomicInteger calls = new AtomicInteger();
  private final InFlightGauge inFlight = new InFlightGauge();
  private final RequestLog<R> log = new RequestLog<>();

  public void countCall(R request) {
    calls.incrementAndGet();
    log.add(request);
  }

  public InFlightGauge inFlight() {
    return inFlight;
  }

  public int calls() {
    return calls.get();
  }

  /** Oldest first; a copy. */
  public List<R> requests() {
    return log.snapshot();
  }

  /** Zeroes the calls, forgets the recorded ones and restarts the high-water mark (see {@link InFlightGauge#resetMax()}). */
  public void reset() {
    calls.set(0);
    inFlight.resetMax();
    log.clear();
  }
}

package dev.sheaf.mock;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many requests are being served right now, and the most ever seen at once. Thread-safe. Public
 * only because the gRPC mock ({@code dev.sheaf.mock.inventory}) shares the gauge of all services.
 */
public final class InFlightGauge {

  private final AtomicInteger current = new AtomicInteger();
  private final AtomicInteger max = new AtomicInteger();

  public void enter() {
    int now = current.incrementAndGet();
    // A CAS loop rather than a lock: several event loops may race here.
    max.accumulateAndGet(now, Math::max);
  }

  /** Callers guarantee one {@code exit} per {@code enter} (see {@link InFlightTicket}). */
  public void exit() {
    current.decrementAndGet();
  }

  public int current() {
    return current.get();
  }

  public int max() {
    return max.get();
  }

  /**
   * Restarts the high-water mark from the requests still in flight. {@code current} itself is a
   * gauge, not a counter: zeroing it while requests are in flight would make it lie now and go
   * negative when they finish.
   */
  public void resetMax() {
    max.set(current.get());
  }
}

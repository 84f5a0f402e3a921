package dev.sheaf.mock;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One request's presence in some {@link InFlightGauge}s. A request can end in several ways that may
 * all be signalled (response ended, connection closed, server closed); the ticket makes sure it
 * leaves the gauges exactly once, so they never drift or go negative.
 */
public final class InFlightTicket {

  private final List<InFlightGauge> gauges;
  private final AtomicBoolean released = new AtomicBoolean();

  private InFlightTicket(List<InFlightGauge> gauges) {
    this.gauges = gauges;
  }

  public static InFlightTicket enter(InFlightGauge... gauges) {
    List<InFlightGauge> entered = List.of(gauges);
    entered.forEach(InFlightGauge::enter);
    return new InFlightTicket(entered);
  }

  /** Idempotent. */
  public void release() {
    if (released.compareAndSet(false, true)) {
      gauges.forEach(InFlightGauge::exit);
    }
  }

  /** Whether the request is over, so a delayed fault need not be injected into it any more. */
  public boolean released() {
    return released.get();
  }
}

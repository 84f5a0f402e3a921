package dev.sheaf.mock;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** What one service has seen: how many calls, how many at once, and the calls themselves. */
final class ServiceStats {

  private final AtomicInteger calls = new AtomicInteger();
  private final InFlightGauge inFlight = new InFlightGauge();
  private final RequestLog log = new RequestLog();

  void countCall(RecordedRequest request) {
    calls.incrementAndGet();
    log.add(request);
  }

  InFlightGauge inFlight() {
    return inFlight;
  }

  int calls() {
    return calls.get();
  }

  List<RecordedRequest> requests() {
    return log.snapshot();
  }

  void reset() {
    calls.set(0);
    inFlight.resetMax();
    log.clear();
  }
}

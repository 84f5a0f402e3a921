package dev.sheaf.pipeline;

import dev.sheaf.backend.BackendException;
import io.vertx.core.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * At most {@code maxConcurrentCalls} calls in flight to one backend, counted across every event
 * loop; one more fails at once with BACKEND_UNAVAILABLE (reason "overloaded"). Nothing waits in a
 * queue: a hung backend holds a bounded number of calls and the rest of the gateway stays free.
 */
public final class Bulkhead implements Layer {

  private final String backend;
  private final int maxConcurrentCalls;
  // An atomic count, not a semaphore: event loops never wait for a lock.
  private final AtomicInteger inFlight = new AtomicInteger();

  public Bulkhead(String backend, int maxConcurrentCalls) {
    this.backend = backend;
    this.maxConcurrentCalls = maxConcurrentCalls;
  }

  @Override
  public BackendHandler wrap(BackendHandler next) {
    return call -> {
      if (inFlight.incrementAndGet() > maxConcurrentCalls) {
        inFlight.decrementAndGet();
        return Future.failedFuture(BackendException.overloaded(backend, maxConcurrentCalls));
      }
      Future<Object> answer;
      try {
        answer = next.handle(call);
      } catch (RuntimeException e) {
        inFlight.decrementAndGet(); // a layer below that throws must not leak a slot
        throw e;
      }
      answer.onComplete(done -> inFlight.decrementAndGet());
      return answer;
    };
  }

  /** Calls in flight now. */
  int inFlight() {
    return inFlight.get();
  }
}

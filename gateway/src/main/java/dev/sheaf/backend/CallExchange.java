package dev.sheaf.backend;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.function.Function;

/**
 * One backend call in flight (REST or gRPC): its outcome, its timer and, once it is on the wire,
 * how to stop it. It ends once, with whichever comes first: its answer, its timeout, or the
 * cancellation of the request's deadline. Ending early stops the call, so a call nobody waits for
 * holds neither a pooled connection nor a stream.
 */
public final class CallExchange<T> {

  private final Vertx vertx;
  private final String backend;
  private final Deadline deadline;
  private final Promise<T> result = Promise.promise();
  private final Runnable abandonHook = this::abandon;
  private long timer;
  private long timeoutMillis;
  private long startNanos;
  private Runnable stop;

  private CallExchange(Vertx vertx, String backend, Deadline deadline) {
    this.vertx = vertx;
    this.backend = backend;
    this.deadline = deadline;
  }

  /** Starts the timer and registers with the deadline; the call itself is the caller's to make. */
  public static <T> CallExchange<T> start(Vertx vertx, String backend, long timeoutMillis, Deadline deadline) {
    CallExchange<T> exchange = new CallExchange<>(vertx, backend, deadline);
    exchange.timeoutMillis = timeoutMillis;
    exchange.startNanos = System.nanoTime();
    exchange.timer = vertx.setTimer(timeoutMillis,
        id -> exchange.end(BackendException.timeout(backend, timeoutMillis)));
    deadline.onCancel(exchange.abandonHook);
    return exchange;
  }

  public Future<T> future() {
    return result.future();
  }

  /** Whether it ended (timed out or abandoned) before the call could be sent. */
  public boolean isOver() {
    return result.future().isComplete();
  }

  /** The call is on the wire; {@code stop} resets or cancels it should the exchange end first. */
  public void sent(Runnable stop) {
    this.stop = stop;
  }

  /** The call's own outcome; a failure is classified into a {@link BackendException}. */
  public void complete(AsyncResult<T> outcome, Function<Throwable, BackendException> classify) {
    vertx.cancelTimer(timer);
    deadline.forget(abandonHook);
    if (isLate()) {
      // The timer was due but its event loop was busy (e.g. reading other large answers): an answer
      // after the timeout is a timeout, whichever event ran first.
      result.tryFail(BackendException.timeout(backend, timeoutMillis));
      return;
    }
    if (outcome.succeeded()) {
      result.tryComplete(outcome.result());
    } else if (!result.future().isComplete()) {
      result.tryFail(classify.apply(outcome.cause()));
    }
  }

  private boolean isLate() {
    return System.nanoTime() - startNanos > timeoutMillis * 1_000_000L;
  }

  private void abandon() {
    if (end(BackendException.unavailable(backend, "cancelled: the client went away"))) {
      vertx.cancelTimer(timer);
    }
  }

  private boolean end(BackendException failure) {
    if (!result.tryFail(failure)) {
      return false;
    }
    if (stop != null) {
      stop.run();
    }
    return true;
  }
}

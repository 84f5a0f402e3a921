package dev.sheaf.backend;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One backend call in flight (REST or gRPC): its outcome, its timer and, once it is on the wire,
 * how to stop it. It ends once, with whichever comes first: its answer, its timeout, or the
 * cancellation of the request's deadline. Ending early stops the call, so a call nobody waits for
 * holds neither a pooled connection nor a stream.
 *
 * <p>The timer is a task on the call's event loop, not a Vert.x timer: a Vert.x timer also keeps an
 * id in a shared map and a close hook on the context, work that every call paid for (a request makes
 * several) and almost no call needs, since the answer cancels it. When it fires, it ends the exchange on
 * the call's own context.
 */
public final class CallExchange<T> {

  private final String backend;
  private final Deadline deadline;
  private final Promise<T> result = Promise.promise();
  private final Runnable abandonHook = this::abandon;
  private ScheduledFuture<?> timer;
  private long timeoutMillis;
  private long startNanos;
  private Runnable stop;

  private CallExchange(String backend, Deadline deadline) {
    this.backend = backend;
    this.deadline = deadline;
  }

  /** Starts the timer and registers with the deadline; the call itself is the caller's to make. */
  public static <T> CallExchange<T> start(Vertx vertx, String backend, long timeoutMillis, Deadline deadline) {
    ContextInternal context = (ContextInternal) vertx.getOrCreateContext();
    CallExchange<T> exchange = new CallExchange<>(backend, deadline);
    exchange.timeoutMillis = timeoutMillis;
    exchange.startNanos = System.nanoTime();
    exchange.timer = context.nettyEventLoop().schedule(
        () -> context.runOnContext(v -> exchange.end(BackendException.timeout(backend, timeoutMillis))),
        timeoutMillis, TimeUnit.MILLISECONDS);
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
    timer.cancel(false);
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
      timer.cancel(false);
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

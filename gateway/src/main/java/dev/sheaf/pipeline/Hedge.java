package dev.sheaf.pipeline;

import dev.sheaf.backend.Deadline;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * Sends an idempotent call a second time when the first has not answered after a delay (fixed, or
 * the backend's recent latency percentile, see {@link HedgeDelays}), takes
 * whichever answers first and cancels the other: a slow answer from one server of a backend no longer
 * sets the field's latency. Every second attempt takes one retry out of the backend's
 * {@link RetryBudget}, so hedges cannot multiply its load; none is sent when the deadline is too close.
 */
final class Hedge implements Layer {

  private final Vertx vertx;
  private final HedgeDelays delays;
  private final RetryBudget budget;
  private final boolean countsCalls;
  private final Runnable hedged;

  /**
   * @param countsCalls whether this layer puts each call into the budget (the retry layer does when there is one)
   * @param hedged      counts each second attempt sent
   */
  Hedge(Vertx vertx, HedgeDelays delays, RetryBudget budget, boolean countsCalls, Runnable hedged) {
    this.vertx = vertx;
    this.delays = delays;
    this.budget = budget;
    this.countsCalls = countsCalls;
    this.hedged = hedged;
  }

  @Override
  public BackendHandler wrap(BackendHandler next) {
    return call -> {
      if (countsCalls) {
        budget.deposit();
      }
      if (!call.request().idempotent()) {
        return next.handle(call);
      }
      long after = delays.millis();
      return new Race(next, call, after).start();
    };
  }

  /** The two attempts of one call; confined to the request's event loop. */
  private final class Race {

    private final BackendHandler next;
    private final BackendCall call;
    private final Promise<Object> answer = Promise.promise();
    private final long afterMillis; // -1: no second attempt (too little known of the backend yet)
    private final long started = System.nanoTime();
    private Deadline first;
    private Deadline second;
    private long timer;
    private int running;

    Race(BackendHandler next, BackendCall call, long afterMillis) {
      this.next = next;
      this.call = call;
      this.afterMillis = afterMillis;
    }

    Future<Object> start() {
      first = call.deadline().attempt();
      running = 1;
      timer = afterMillis < 0 ? -1 : vertx.setTimer(afterMillis, id -> hedge());
      try {
        send(first);
      } catch (RuntimeException e) {
        vertx.cancelTimer(timer); // a layer below that throws must not leave a hedge to fire
        first.detach();
        throw e;
      }
      return answer.future();
    }

    private void hedge() {
      timer = -1;
      if (answer.future().isComplete() || call.deadline().cancelled()
          || call.deadline().remainingMillis() <= afterMillis || !budget.tryWithdraw()) {
        return;
      }
      hedged.run();
      second = call.deadline().attempt();
      running++;
      send(second);
    }

    private void send(Deadline attempt) {
      BackendCall copy = call.withClient(
          new RequestCalls(attempt, call.requestId(), call.client().trace(), call.client().records()));
      next.handle(copy).onComplete(outcome -> settle(attempt, outcome));
    }

    private void settle(Deadline attempt, AsyncResult<Object> outcome) {
      attempt.detach();
      running--;
      if (attempt == first) {
        delays.record(System.nanoTime() - started); // answered, failed, or cancelled when the hedge won
      }
      if (answer.future().isComplete()) {
        return; // the other attempt answered first; this one was cancelled or came late
      }
      if (outcome.failed() && running > 0) {
        return; // the other attempt may still answer
      }
      if (timer >= 0) {
        vertx.cancelTimer(timer); // answered (or failed) before the hedge was due: no hedge
        timer = -1;
      }
      answer.handle(outcome);
      if (running > 0) {
        (attempt == first ? second : first).cancel();
      }
    }
  }
}

package dev.sheaf.pipeline;

import dev.sheaf.backend.Deadline;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;

/**
 * Sends an idempotent call a second time when the first has not answered after {@code after}, takes
 * whichever answers first and cancels the other: a slow answer from one server of a backend no longer
 * sets the field's latency. Every second attempt takes one retry out of the backend's
 * {@link RetryBudget}, so hedges cannot multiply its load; none is sent when the deadline is too close.
 */
final class Hedge implements Layer {

  private final Vertx vertx;
  private final long afterMillis;
  private final RetryBudget budget;
  private final boolean countsCalls;
  private final Runnable hedged;

  /**
   * @param countsCalls whether this layer puts each call into the budget (the retry layer does when there is one)
   * @param hedged      counts each second attempt sent
   */
  Hedge(Vertx vertx, Duration after, RetryBudget budget, boolean countsCalls, Runnable hedged) {
    this.vertx = vertx;
    this.afterMillis = after.toMillis();
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
      return call.request().idempotent() ? new Race(next, call).start() : next.handle(call);
    };
  }

  /** The two attempts of one call; confined to the request's event loop. */
  private final class Race {

    private final BackendHandler next;
    private final BackendCall call;
    private final Promise<Object> answer = Promise.promise();
    private Deadline first;
    private Deadline second;
    private long timer;
    private int running;

    Race(BackendHandler next, BackendCall call) {
      this.next = next;
      this.call = call;
    }

    Future<Object> start() {
      first = call.deadline().attempt();
      running = 1;
      timer = vertx.setTimer(afterMillis, id -> hedge());
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
      BackendCall copy = call.withClient(new RequestCalls(attempt, call.requestId()));
      next.handle(copy).onComplete(outcome -> settle(attempt, outcome));
    }

    private void settle(Deadline attempt, AsyncResult<Object> outcome) {
      attempt.detach();
      running--;
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

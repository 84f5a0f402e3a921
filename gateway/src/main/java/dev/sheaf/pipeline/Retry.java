package dev.sheaf.pipeline;

import dev.sheaf.backend.BackendException;
import dev.sheaf.binding.BackendConfig;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Sends an idempotent call again when it failed in a way that says "try again" (no connection, a
 * 502/503/504 or 429, gRPC UNAVAILABLE), after an exponential backoff with full jitter (a random wait
 * up to {@code backoff} x 2^(attempt-1), capped by {@code maxBackoff}; at least what a 429's or 503's
 * Retry-After asks), on a Vert.x timer, never blocking. No retry when the wait would reach the request's
 * deadline, when the client went away, or when the backend's {@link RetryBudget} is spent.
 *
 * <p>Resilience4j's Retry is not used: its asynchronous form waits on its own scheduler thread and
 * has no budget; this layer keeps every attempt on the request's event loop.
 */
final class Retry implements Layer {

  private static final Set<Integer> RETRIED_STATUSES = Set.of(429, 502, 503, 504);

  private final Vertx vertx;
  private final BackendConfig.Retry settings;
  private final RetryBudget budget;
  private final Runnable retried;

  /** @param retried counts each retry sent */
  Retry(Vertx vertx, BackendConfig.Retry settings, RetryBudget budget, Runnable retried) {
    this.vertx = vertx;
    this.settings = settings;
    this.budget = budget;
    this.retried = retried;
  }

  @Override
  public BackendHandler wrap(BackendHandler next) {
    return call -> {
      budget.deposit();
      if (!call.request().idempotent()) {
        return next.handle(call);
      }
      Promise<Object> answer = Promise.promise();
      attempt(next, call, 1, answer);
      return answer.future();
    };
  }

  private void attempt(BackendHandler next, BackendCall call, int attempt, Promise<Object> answer) {
    next.handle(call).onComplete(outcome -> {
      long wait = outcome.failed() && attempt < settings.attempts() ? retryAfter(outcome, attempt) : -1;
      // A wait that reaches the deadline would leave the retry no time to answer in: give up now.
      if (wait < 0 || call.deadline().cancelled() || wait >= call.deadline().remainingMillis()
          || !budget.tryWithdraw()) {
        answer.handle(outcome);
        return;
      }
      retried.run();
      if (wait == 0) {
        attempt(next, call, attempt + 1, answer);
      } else {
        vertx.setTimer(wait, id -> attempt(next, call, attempt + 1, answer));
      }
    });
  }

  /** How long to wait before the next attempt, or -1 when the failure is not worth a retry. */
  private long retryAfter(AsyncResult<Object> outcome, int attempt) {
    if (!(outcome.cause() instanceof BackendException failure) || !worthRetrying(failure)) {
      return -1;
    }
    long ceiling = Math.min(settings.maxBackoff().toMillis(),
        settings.backoff().toMillis() << Math.min(attempt - 1, 20));
    long jittered = ThreadLocalRandom.current().nextLong(ceiling + 1);
    return Math.max(jittered, failure.retryAfterMillis());
  }

  /** Failures that say the backend could answer a moment later; a timeout or a 500 says it may never. */
  static boolean worthRetrying(BackendException failure) {
    return switch (failure.code()) {
      // Not reached, or gRPC UNAVAILABLE; never a call the gateway itself refused (circuit, bulkhead).
      case BACKEND_UNAVAILABLE -> failure.circuit() == null && failure.reason() == null;
      case BACKEND_ERROR -> RETRIED_STATUSES.contains(failure.status());
      default -> false;
    };
  }
}

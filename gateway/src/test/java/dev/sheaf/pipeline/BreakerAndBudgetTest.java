package dev.sheaf.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.backend.BackendException;
import dev.sheaf.backend.BackendRequest;
import dev.sheaf.backend.Deadline;
import dev.sheaf.binding.BackendConfig;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The breaker's view of the bulkhead's refusals, and the retry budget's arithmetic, with tiny fakes. */
class BreakerAndBudgetTest {

  private static final BackendConfig.CircuitBreaker SMALL =
      new BackendConfig.CircuitBreaker(50, Duration.ofSeconds(60), 100, 4, 4, Duration.ofSeconds(60), 1);

  private static BackendCall call() {
    return new BackendCall("orders", "GET /x", new BackendRequest("orders", "GET", "/x", Map.of(), null),
        new RequestCalls(Deadline.after(Duration.ofSeconds(5)), "test"));
  }

  @Test
  void callsTheBulkheadRefusedNeverOpenTheCircuit() {
    Breaker breaker = new Breaker("orders", SMALL, Duration.ofSeconds(1));
    BackendHandler refusing = breaker.wrap(call -> Future.failedFuture(BackendException.overloaded("orders", 2)));

    for (int i = 0; i < 10; i++) {
      refusing.handle(call());
    }

    assertThat(breaker.stateCode()).isZero();
  }

  @Test
  void serverErrorsDoOpenIt() {
    Breaker breaker = new Breaker("orders", SMALL, Duration.ofSeconds(1));
    BackendHandler failing = breaker.wrap(call -> Future.failedFuture(BackendException.status("orders", 503, "503")));

    for (int i = 0; i < 4; i++) {
      failing.handle(call());
    }

    assertThat(breaker.stateCode()).isEqualTo(1);
  }

  @Test
  void theBudgetAllowsItsBurstThenItsPercentOfTheCalls() {
    RetryBudget budget = new RetryBudget(10, 2);

    assertThat(budget.tryWithdraw()).isTrue();
    assertThat(budget.tryWithdraw()).isTrue();
    assertThat(budget.tryWithdraw()).as("the burst is spent").isFalse();
    for (int i = 0; i < 9; i++) {
      budget.deposit();
    }
    assertThat(budget.tryWithdraw()).as("nine calls at 10 % make 0.9 of a retry").isFalse();
    budget.deposit();
    assertThat(budget.tryWithdraw()).as("ten make one").isTrue();
    for (int i = 0; i < 1000; i++) {
      budget.deposit();
    }
    assertThat(budget.tryWithdraw()).isTrue();
    assertThat(budget.tryWithdraw()).isTrue();
    assertThat(budget.tryWithdraw()).as("it never holds more than its burst").isFalse();
  }
}

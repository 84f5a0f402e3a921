package dev.sheaf.backend;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A call ends with whichever comes first, judged by the clock, not by which event its loop ran first. */
class CallExchangeTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  /** Starts an exchange, keeps its event loop busy for {@code busyMillis}, then delivers the answer. */
  private Future<String> answerAfterBusyLoop(long timeoutMillis, long busyMillis) {
    Context context = vertx.getOrCreateContext();
    Promise<Future<String>> started = Promise.promise();
    context.runOnContext(v -> {
      CallExchange<String> exchange = CallExchange.start(vertx, "slow", timeoutMillis,
          Deadline.after(Duration.ofSeconds(30)));
      // Stands for a loop parsing other calls' large answers: its timers cannot run meanwhile.
      LockSupport.parkNanos(Duration.ofMillis(busyMillis).toNanos());
      exchange.complete(Future.succeededFuture("answer"), e -> BackendException.unavailable("slow", e.toString()));
      started.complete(exchange.future());
    });
    return started.future().await();
  }

  @Test
  void answerDeliveredAfterTheTimeoutIsATimeoutEvenIfTheTimerCouldNotRunYet() {
    Future<String> outcome = answerAfterBusyLoop(50, 300);

    assertThat(outcome.failed()).as("outcome %s", outcome).isTrue();
    assertThat(((BackendException) outcome.cause()).code()).isEqualTo(ErrorCode.BACKEND_TIMEOUT);
  }

  @Test
  void answerWithinTheTimeoutIsTheAnswer() {
    Future<String> outcome = answerAfterBusyLoop(5_000, 0);

    assertThat(outcome.result()).isEqualTo("answer");
  }
}

package dev.sheaf.mock;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition that becomes true on its own, e.g. a call still on its way to a mock. */
public final class Eventually {

  private Eventually() {
  }

  /** Completes once the condition holds, polled every 20 ms on a Vert.x timer; fails after {@code within}. */
  public static Future<Void> holds(Vertx vertx, Duration within, BooleanSupplier condition) {
    Promise<Void> done = Promise.promise();
    long deadline = System.nanoTime() + within.toNanos();
    // No initial delay of 0: a timer that fires before Vert.x has stored its task cannot be cancelled.
    vertx.setPeriodic(20, id -> {
      if (condition.getAsBoolean()) {
        vertx.cancelTimer(id);
        done.tryComplete();
      } else if (System.nanoTime() > deadline) {
        vertx.cancelTimer(id);
        done.tryFail("condition not met within " + within.toMillis() + " ms");
      }
    });
    return done.future();
  }
}

package dev.sheaf.pipeline;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How many retries a backend may still get: every call puts {@code percent}/100 of a retry into the
 * budget, every retry takes one out, and the budget holds at most {@code burst} retries (it starts
 * full). Over any stretch of time, retries are therefore at most {@code percent} % of the calls plus
 * {@code burst}, however many of them fail: retries cannot multiply the load on a backend that is
 * already failing. Shared by every event loop; an atomic, never a lock.
 */
final class RetryBudget {

  /** Hundredths of a percent of a retry: one call at 10 % deposits 1,000 of the 10,000 a retry costs. */
  private static final long RETRY = 10_000;

  private final long deposit;
  private final long capacity;
  private final AtomicLong balance;

  RetryBudget(int percent, int burst) {
    this.deposit = percent * RETRY / 100;
    this.capacity = burst * RETRY;
    this.balance = new AtomicLong(capacity);
  }

  /** A call was made (not a retry). */
  void deposit() {
    balance.accumulateAndGet(deposit, (now, add) -> Math.min(capacity, now + add));
  }

  /** Takes one retry out of the budget; false, and nothing taken, when it holds less than one. */
  boolean tryWithdraw() {
    long now;
    do {
      now = balance.get();
      if (now < RETRY) {
        return false;
      }
    } while (!balance.compareAndSet(now, now - RETRY));
    return true;
  }
}

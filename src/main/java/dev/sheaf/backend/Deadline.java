package dev.sheaf.backend;

import java.time.Duration;

/** The one time budget of a client request; every backend call gets what is left of it, at most. */
public final class Deadline {

  private final long expiresAtNanos;

  private Deadline(long expiresAtNanos) {
    this.expiresAtNanos = expiresAtNanos;
  }

  public static Deadline after(Duration budget) {
    return new Deadline(System.nanoTime() + budget.toNanos());
  }

  public long remainingMillis() {
    return Math.max(0, (expiresAtNanos - System.nanoTime()) / 1_000_000);
  }

  /** The timeout for one call: the smaller of the backend's own timeout and the time left. */
  public long callTimeoutMillis(Duration backendTimeout) {
    return Math.min(backendTimeout.toMillis(), remainingMillis());
  }
}

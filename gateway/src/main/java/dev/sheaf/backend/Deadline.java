package dev.sheaf.backend;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The one time budget of a client request; every backend call gets what is left of it, at most.
 * The budget ends early when the client goes away ({@link #cancel()}): the calls in flight are
 * abandoned and no new call is made. Confined to the request's event loop.
 */
public final class Deadline {

  private final long expiresAtNanos;
  private boolean cancelled;
  private List<Runnable> onCancel; // most requests are never cancelled: made on the first registration
  private Deadline parent;          // set on an attempt() only
  private Runnable cancelWithParent;

  private Deadline(long expiresAtNanos) {
    this.expiresAtNanos = expiresAtNanos;
  }

  public static Deadline after(Duration budget) {
    return new Deadline(System.nanoTime() + budget.toNanos());
  }

  /**
   * A budget for one attempt of a call: it ends when this one does, and may also be cancelled alone
   * (a hedged call whose other attempt answered first). {@link #detach} it once the attempt is over.
   */
  public Deadline attempt() {
    Deadline attempt = new Deadline(expiresAtNanos);
    attempt.parent = this;
    attempt.cancelWithParent = attempt::cancel;
    onCancel(attempt.cancelWithParent);
    return attempt;
  }

  /** An attempt that is over: the request no longer needs to cancel it (nor keep it alive). */
  public void detach() {
    if (parent != null) {
      parent.forget(cancelWithParent);
    }
  }

  public long remainingMillis() {
    return cancelled ? 0 : Math.max(0, (expiresAtNanos - System.nanoTime()) / 1_000_000);
  }

  /** The timeout for one call: the smaller of the backend's own timeout and the time left. */
  public long callTimeoutMillis(Duration backendTimeout) {
    return Math.min(backendTimeout.toMillis(), remainingMillis());
  }

  public boolean cancelled() {
    return cancelled;
  }

  /** How a call in flight abandons itself if the request is cancelled; runs at once if it already is. */
  public void onCancel(Runnable abandon) {
    if (cancelled) {
      abandon.run();
      return;
    }
    if (onCancel == null) {
      onCancel = new ArrayList<>(4);
    }
    onCancel.add(abandon);
  }

  /** A call that ended by itself no longer needs abandoning (and should not be kept alive by this list). */
  public void forget(Runnable abandon) {
    if (onCancel != null) {
      onCancel.remove(abandon);
    }
  }

  /** The client went away: ends the budget now and abandons every call still registered. */
  public void cancel() {
    if (cancelled) {
      return;
    }
    cancelled = true;
    if (onCancel != null) {
      List<Runnable> abandons = onCancel;
      onCancel = null;
      abandons.forEach(Runnable::run);
    }
  }
}

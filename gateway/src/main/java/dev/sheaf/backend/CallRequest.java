package dev.sheaf.backend;

/** A rendered backend call, ready for its transport: a REST request or a gRPC message. */
public interface CallRequest {

  /**
   * What makes two calls of one client request "the same call", or null when this call must be
   * made every time it is asked for (it changes something).
   */
  Object sharingKey();

  /** Whether sending it twice has the effect of sending it once, so a failed call may be retried. */
  default boolean idempotent() {
    return false;
  }
}

package dev.sheaf.backend;

/** A rendered backend call, ready for its transport: a REST request or a gRPC message. */
public interface CallRequest {

  /** The header that carries the client request's id to the backend: unique per request. */
  String REQUEST_ID_HEADER = "x-request-id";

  /**
   * What makes two calls of one client request "the same call", or null when this call must be
   * made every time it is asked for (it changes something).
   */
  Object sharingKey();

  /**
   * What makes two calls of any client requests "the same call": the sharing key without the request's
   * id. Whatever else the call carries of its caller (forwarded token, claims, headers) stays in, so
   * an answer kept by this key is never given to another caller. Null for a call that changes something.
   */
  default Object acrossRequestsKey() {
    return null;
  }

  /** Whether sending it twice has the effect of sending it once, so a failed call may be retried. */
  default boolean idempotent() {
    return false;
  }
}

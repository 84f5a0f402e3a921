package dev.sheaf.backend;

/** The stable codes clients see in {@code errors[].extensions.code}. */
public enum ErrorCode {
  /** The backend did not answer within min(its timeout, the time left in the request's deadline). */
  BACKEND_TIMEOUT,
  /** The connection was refused, reset or closed before an answer. */
  BACKEND_UNAVAILABLE,
  /** The backend answered with an error status (given in {@code extensions.status}). */
  BACKEND_ERROR,
  /** The answer was not JSON, or not of the shape the binding expects. */
  BAD_BACKEND_RESPONSE,
  /** The backend has no such thing (a gRPC NOT_FOUND bound as an error). */
  NOT_FOUND,
  /** The client's input was refused. */
  BAD_USER_INPUT,
  /** The caller is not allowed to see this. */
  FORBIDDEN,
  /** The caller must authenticate. */
  UNAUTHENTICATED,
  /** A fault inside the gateway; details are only in the log. */
  INTERNAL_ERROR
}

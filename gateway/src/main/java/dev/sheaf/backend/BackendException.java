package dev.sheaf.backend;

import java.util.Set;

/**
 * A backend call failed. The message is safe for clients (it names the backend, never its host);
 * {@link #detail()} is for the log only.
 */
public final class BackendException extends RuntimeException {

  /** gRPC statuses that say the server failed, as a 5xx does; the others are about the call. */
  private static final Set<String> SERVER_GRPC_STATUSES = Set.of("INTERNAL", "UNKNOWN", "DATA_LOSS", "UNIMPLEMENTED");

  private final ErrorCode code;
  private final String backend;
  private final int status;
  private final String detail;
  private final String grpcStatus;
  private final String circuit;
  private final String reason;
  private final long retryAfterMillis;

  public BackendException(ErrorCode code, String backend, int status, String message, String detail) {
    this(code, backend, status, message, detail, null, null, null, -1);
  }

  private BackendException(ErrorCode code, String backend, int status, String message, String detail,
                           String grpcStatus, String circuit, String reason, long retryAfterMillis) {
    super(message, null, false, false); // expected failures: no stack trace to fill or to leak
    this.code = code;
    this.backend = backend;
    this.status = status;
    this.detail = detail;
    this.grpcStatus = grpcStatus;
    this.circuit = circuit;
    this.reason = reason;
    this.retryAfterMillis = retryAfterMillis;
  }

  /** The same failure, naming the gRPC status it came from (shown to clients as extensions.grpcStatus). */
  public BackendException withGrpcStatus(String name) {
    return new BackendException(code, backend, status, getMessage(), detail, name, circuit, reason, retryAfterMillis);
  }

  /** The same failure, with how long the backend asked callers to wait (its Retry-After) before a retry. */
  public BackendException withRetryAfter(long millis) {
    return new BackendException(code, backend, status, getMessage(), detail, grpcStatus, circuit, reason, millis);
  }

  /** How long the backend asked callers to wait before calling again, or -1 when it did not say. */
  public long retryAfterMillis() {
    return retryAfterMillis;
  }

  /** Not called: the backend's circuit is open after too many failures (extensions.circuit: "open"). */
  public static BackendException circuitOpen(String backend) {
    return new BackendException(ErrorCode.BACKEND_UNAVAILABLE, backend, 0,
        "Backend '" + backend + "' is unavailable: it failed too often and is given time to recover",
        "circuit open", null, "open", null, -1);
  }

  /** Not called: the backend already has its most calls in flight (extensions.reason: "overloaded"). */
  public static BackendException overloaded(String backend, int maxConcurrentCalls) {
    return new BackendException(ErrorCode.BACKEND_UNAVAILABLE, backend, 0,
        "Backend '" + backend + "' is overloaded: too many calls in flight",
        maxConcurrentCalls + " calls in flight (maxConcurrentCalls)", null, null, "overloaded", -1);
  }

  /** "open" when the call was refused by the backend's open circuit, else null. */
  public String circuit() {
    return circuit;
  }

  /** Why the gateway refused the call itself ("overloaded"), or null. */
  public String reason() {
    return reason;
  }

  /**
   * Whether the failure says the backend is down or broken (unreachable, too slow, a 5xx or a gRPC
   * status of a server fault), or that the gateway spared it (circuit open, bulkhead full); not a
   * 4xx or a refused input, which are about the call.
   */
  public boolean isBackendFault() {
    return switch (code) {
      case BACKEND_UNAVAILABLE, BACKEND_TIMEOUT -> true;
      case BACKEND_ERROR -> status >= 500 || (grpcStatus != null && SERVER_GRPC_STATUSES.contains(grpcStatus));
      default -> false;
    };
  }

  /** "No such thing": an HTTP 404 or a gRPC NOT_FOUND. */
  public boolean isNotFound() {
    return status == 404 || code == ErrorCode.NOT_FOUND;
  }

  /** The gRPC status name, or null. */
  public String grpcStatus() {
    return grpcStatus;
  }

  public static BackendException timeout(String backend, long afterMillis) {
    return new BackendException(ErrorCode.BACKEND_TIMEOUT, backend, 0,
        "Backend '" + backend + "' did not answer within " + afterMillis + " ms", "timeout " + afterMillis + "ms");
  }

  public static BackendException unavailable(String backend, String detail) {
    return new BackendException(ErrorCode.BACKEND_UNAVAILABLE, backend, 0,
        "Backend '" + backend + "' is unavailable", detail);
  }

  public static BackendException status(String backend, int status, String detail) {
    return new BackendException(ErrorCode.BACKEND_ERROR, backend, status,
        "Backend '" + backend + "' answered with HTTP " + status, detail);
  }

  public static BackendException badResponse(String backend, String detail) {
    return new BackendException(ErrorCode.BAD_BACKEND_RESPONSE, backend, 0,
        "Backend '" + backend + "' sent a response the gateway cannot use", detail);
  }

  public ErrorCode code() {
    return code;
  }

  public String backend() {
    return backend;
  }

  /** The HTTP status the backend answered with, or 0. */
  public int status() {
    return status;
  }

  public String detail() {
    return detail;
  }
}

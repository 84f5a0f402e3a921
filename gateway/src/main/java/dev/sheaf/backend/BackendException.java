package dev.sheaf.backend;

/**
 * A backend call failed. The message is safe for clients (it names the backend, never its host);
 * {@link #detail()} is for the log only.
 */
public final class BackendException extends RuntimeException {

  private final ErrorCode code;
  private final String backend;
  private final int status;
  private final String detail;
  private final String grpcStatus;

  public BackendException(ErrorCode code, String backend, int status, String message, String detail) {
    this(code, backend, status, message, detail, null);
  }

  private BackendException(ErrorCode code, String backend, int status, String message, String detail,
                           String grpcStatus) {
    super(message, null, false, false); // expected failures: no stack trace to fill or to leak
    this.code = code;
    this.backend = backend;
    this.status = status;
    this.detail = detail;
    this.grpcStatus = grpcStatus;
  }

  /** The same failure, naming the gRPC status it came from (shown to clients as extensions.grpcStatus). */
  public BackendException withGrpcStatus(String name) {
    return new BackendException(code, backend, status, getMessage(), detail, name);
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

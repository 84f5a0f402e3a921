package dev.sheaf.backend.grpc;

import dev.sheaf.backend.BackendException;
import dev.sheaf.backend.ErrorCode;
import io.vertx.grpc.common.GrpcStatus;

/**
 * gRPC statuses as GraphQL error codes. The status message may hold backend internals: it goes to
 * the exception's log-only detail, never to the client.
 */
final class GrpcStatusMapping {

  private GrpcStatusMapping() {
  }

  static BackendException toException(String backend, GrpcStatus status, String statusMessage, long timeoutMillis) {
    String detail = "gRPC " + status + (statusMessage == null ? "" : ": " + statusMessage);
    return switch (status) {
      case DEADLINE_EXCEEDED, CANCELLED -> new BackendException(ErrorCode.BACKEND_TIMEOUT, backend, 0,
          "Backend '" + backend + "' did not answer within " + timeoutMillis + " ms", detail);
      case UNAVAILABLE -> BackendException.unavailable(backend, detail);
      case NOT_FOUND -> new BackendException(ErrorCode.NOT_FOUND, backend, 0,
          "Backend '" + backend + "' found nothing", detail);
      case INVALID_ARGUMENT -> new BackendException(ErrorCode.BAD_USER_INPUT, backend, 0,
          "Backend '" + backend + "' refused the arguments", detail);
      case PERMISSION_DENIED -> new BackendException(ErrorCode.FORBIDDEN, backend, 0,
          "Backend '" + backend + "' denied access", detail);
      case UNAUTHENTICATED -> new BackendException(ErrorCode.UNAUTHENTICATED, backend, 0,
          "Backend '" + backend + "' requires authentication", detail);
      default -> new BackendException(ErrorCode.BACKEND_ERROR, backend, 0,
          "Backend '" + backend + "' failed with gRPC status " + status.name(), detail).withGrpcStatus(status.name());
    };
  }
}

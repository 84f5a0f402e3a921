package dev.sheaf.server;

/** A request the gateway refuses before executing it; the message is safe to show the client. */
final class RequestProblem extends RuntimeException {

  private final int status;

  RequestProblem(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  int status() {
    return status;
  }
}

package dev.sheaf.server;

/** A request the gateway refuses before executing it; the message is safe to show the client. */
public final class RequestProblem extends RuntimeException {

  private final int status;

  public RequestProblem(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  public int status() {
    return status;
  }
}

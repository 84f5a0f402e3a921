package dev.sheaf.server;

/** A request the gateway refuses before executing it; the message is safe to show the client. */
public final class RequestProblem extends RuntimeException {

  private final int status;
  private final String code;

  public RequestProblem(int status, String message) {
    this(status, message, null);
  }

  /** @param code the error's {@code extensions.code}, or null for none */
  public RequestProblem(int status, String message, String code) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  public int status() {
    return status;
  }

  /** The error's {@code extensions.code}, or null. */
  public String code() {
    return code;
  }
}

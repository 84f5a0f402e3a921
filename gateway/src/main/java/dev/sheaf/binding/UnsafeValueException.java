package dev.sheaf.binding;

/**
 * A value that must not go into a backend call where its template puts it: an empty, {@code .} or
 * {@code ..} path segment (a backend or proxy would normalise it out of the bound path), a control
 * character in a header, or an object where text is expected. The message is safe for clients.
 */
public final class UnsafeValueException extends RuntimeException {

  public UnsafeValueException(String message) {
    super(message, null, false, false); // refused input: no stack trace to fill
  }
}

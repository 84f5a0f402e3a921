package dev.sheaf.mock;

/** Thrown by an endpoint when the client sent something unusable; becomes a 400 with the message. */
final class InvalidRequestException extends RuntimeException {

  InvalidRequestException(String message) {
    super(message, null, false, false);  // an expected outcome: no stack trace needed
  }
}

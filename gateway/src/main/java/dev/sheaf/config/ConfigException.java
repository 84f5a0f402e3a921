package dev.sheaf.config;

/**
 * A configuration problem found at start-up. The message is meant for an operator: it names the
 * file, the line or key, and what to do, and is printed as is, without a stack trace.
 */
public final class ConfigException extends RuntimeException {

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}

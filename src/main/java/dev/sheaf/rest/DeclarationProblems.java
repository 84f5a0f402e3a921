package dev.sheaf.rest;

import dev.sheaf.config.ConfigException;
import java.util.ArrayList;
import java.util.List;

/** Collects every problem of the endpoint declarations, so an operator sees them all in one start-up. */
final class DeclarationProblems {

  private final List<String> messages = new ArrayList<>();

  void add(String message) {
    messages.add(message);
  }

  boolean isEmpty() {
    return messages.isEmpty();
  }

  void throwIfAny() {
    if (messages.isEmpty()) {
      return;
    }
    String header = messages.size() == 1 ? "Invalid endpoint:" : messages.size() + " problems in the endpoints:";
    throw new ConfigException(header + "\n  - " + String.join("\n  - ", messages));
  }
}

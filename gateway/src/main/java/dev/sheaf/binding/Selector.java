package dev.sheaf.binding;

import java.util.List;
import java.util.Map;

/**
 * A path into a backend's JSON answer, e.g. {@code data.orders}. An empty selector is the whole
 * answer.
 */
public record Selector(List<String> path) {

  public static final Selector WHOLE = new Selector(List.of());

  public static Selector compile(String text) {
    if (text == null || text.isBlank()) {
      return WHOLE;
    }
    List<String> path = List.of(text.trim().split("\\.", -1));
    if (path.stream().anyMatch(String::isBlank)) {
      throw new IllegalArgumentException("'" + text + "' has an empty name between dots; write it as a.b.c");
    }
    return new Selector(path);
  }

  /** @throws WrongShapeException when a step of the path meets something that is not a JSON object */
  public Object select(Object json) {
    Object value = json;
    for (String name : path) {
      if (value == null) {
        return null;
      }
      if (!(value instanceof Map<?, ?> map)) {
        throw new WrongShapeException("expected an object at '" + name + "' of " + this);
      }
      value = map.get(name);
    }
    return value;
  }

  @Override
  public String toString() {
    return path.isEmpty() ? "(whole answer)" : String.join(".", path);
  }

  /** The backend's JSON does not have the shape the binding expects. */
  public static final class WrongShapeException extends RuntimeException {
    public WrongShapeException(String message) {
      super(message, null, false, false);
    }
  }
}

package dev.sheaf.rest;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Where in {@code data} the resource of an endpoint is, e.g. {@code user}: that object becomes the
 * response body, and only errors at or below it concern the answer.
 */
record ResponsePath(List<String> keys) {

  static final ResponsePath DATA = new ResponsePath(List.of());

  static ResponsePath parse(String dotted) {
    if (dotted == null || dotted.isBlank()) {
      return DATA;
    }
    return new ResponsePath(Arrays.stream(dotted.trim().split("\\.", -1)).toList());
  }

  /** The value at this path, or null when it or an object above it is null. */
  Object select(Object data) {
    Object value = data;
    for (String key : keys) {
      if (!(value instanceof Map<?, ?> map)) {
        return null;
      }
      value = map.get(key);
    }
    return value;
  }

  /**
   * True when an error at this GraphQL result path concerns the resource: it is at or below the
   * resource, or above it (an error there nulled the resource). Errors elsewhere are about
   * fields the body does not contain.
   */
  boolean concerns(List<?> errorPath) {
    if (errorPath == null) {
      return true;
    }
    int common = Math.min(errorPath.size(), keys.size());
    return errorPath.subList(0, common).equals(keys.subList(0, common));
  }

  /** The error's path relative to the body, so a client can follow it in what it received. */
  List<?> relativize(List<?> errorPath) {
    if (errorPath == null || errorPath.size() < keys.size()) {
      return List.of();
    }
    return errorPath.subList(keys.size(), errorPath.size());
  }

  @Override
  public String toString() {
    return keys.isEmpty() ? "data" : "data." + String.join(".", keys);
  }
}

package dev.sheaf.auth;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Deep, unmodifiable copies of parsed JSON; unlike Map.copyOf, JSON nulls are kept. */
final class JsonValues {

  private JsonValues() {
  }

  static Map<String, Object> unmodifiable(Map<String, ?> map) {
    Map<String, Object> copy = new LinkedHashMap<>();
    map.forEach((key, value) -> copy.put(key, value(value)));
    return Collections.unmodifiableMap(copy);
  }

  @SuppressWarnings("unchecked")
  private static Object value(Object value) {
    if (value instanceof Map<?, ?> map) {
      return unmodifiable((Map<String, ?>) map);
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      list.forEach(item -> copy.add(value(item)));
      return Collections.unmodifiableList(copy);
    }
    if (value instanceof Date date) {
      return date.getTime() / 1000;
    }
    if (value instanceof Integer i) {
      return i.longValue();
    }
    return value;
  }
}

package dev.sheaf.insight;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.AbstractList;
import java.util.List;

/**
 * A list of JSON-shaped values whose text is JSON: a log encoder that serializes values (Jackson
 * based) writes a JSON array, one that writes a value's {@code toString()} writes the same array as text.
 */
final class JsonText extends AbstractList<Object> {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<Object> items;

  JsonText(List<Object> items) {
    this.items = items;
  }

  @Override
  public Object get(int index) {
    return items.get(index);
  }

  @Override
  public int size() {
    return items.size();
  }

  @Override
  public String toString() {
    try {
      return JSON.writeValueAsString(items);
    } catch (JsonProcessingException e) {
      return "[]"; // maps of strings and numbers always serialize
    }
  }
}

package dev.sheaf.resolver;

import dev.sheaf.binding.UnsafeValueException;
import java.util.Collection;

/** Token claims as header (gRPC: metadata) values of a backend call. */
final class HeaderValues {

  private HeaderValues() {
  }

  /**
   * A claim's value as one header value: text as it is, a list space-separated (as OAuth writes
   * scopes).
   *
   * @throws UnsafeValueException for a control character (CR/LF would split the header), or an object
   */
  static String of(String claim, Object value) {
    String text = value instanceof Collection<?> list
        ? String.join(" ", list.stream().map(item -> scalar(claim, item)).toList())
        : scalar(claim, value);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7f) {
        throw new UnsafeValueException("the token's claim '" + claim + "' holds a control character and cannot"
            + " be sent as a header");
      }
    }
    return text;
  }

  private static String scalar(String claim, Object value) {
    if (value instanceof String || value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    throw new UnsafeValueException("the token's claim '" + claim + "' is not text and cannot be sent as a header");
  }
}

package dev.sheaf.binding;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Text with {@code {args.x}}-style placeholders, e.g. {@code /users/{args.id}/orders}. Compiled once;
 * rendering walks a short list of parts. Lists render comma-separated (the usual {@code ?ids=1,2,3}).
 */
public final class StringTemplate {

  private final String text;
  private final List<Object> parts; // String literals and Expressions

  private StringTemplate(String text, List<Object> parts) {
    this.text = text;
    this.parts = parts;
  }

  public static StringTemplate compile(String text) {
    List<Object> parts = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      int open = text.indexOf('{', i);
      if (open < 0) {
        parts.add(text.substring(i));
        break;
      }
      int close = text.indexOf('}', open);
      if (close < 0) {
        throw new IllegalArgumentException("'" + text + "' has a '{' without its closing '}'");
      }
      if (open > i) {
        parts.add(text.substring(i, open));
      }
      parts.add(Expression.parse(text.substring(open + 1, close)));
      i = close + 1;
    }
    return new StringTemplate(text, List.copyOf(parts));
  }

  public List<Expression> expressions() {
    return parts.stream().filter(Expression.class::isInstance).map(Expression.class::cast).toList();
  }

  /** The template is exactly one placeholder, so it can stand for a typed value (a number, a list). */
  public Expression soleExpression() {
    return parts.size() == 1 && parts.get(0) instanceof Expression e ? e : null;
  }

  /**
   * @param encode applied to each rendered value (not to literals), e.g. URL path-segment encoding
   * @return the text, or null when any placeholder has no value (callers then omit the part)
   */
  public String render(TemplateScope scope, UnaryOperator<String> encode) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (Object part : parts) {
      if (part instanceof String literal) {
        out.append(literal);
        continue;
      }
      Object value = ((Expression) part).evaluate(scope);
      if (value == null) {
        return null;
      }
      out.append(encode.apply(asText(value)));
    }
    return out.toString();
  }

  /**
   * A value as the text a call carries: strings, numbers and booleans as they are, a list of them
   * comma-separated.
   *
   * @throws UnsafeValueException for an object or a list of lists, which have no text form a backend
   *                              could read (Java's would leak into the call)
   */
  static String asText(Object value) {
    if (value instanceof Collection<?> list) {
      return list.stream().filter(Objects::nonNull).map(StringTemplate::scalarText).collect(Collectors.joining(","));
    }
    return scalarText(value);
  }

  private static String scalarText(Object value) {
    if (value instanceof String || value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    throw new UnsafeValueException("a value given as " + (value instanceof Collection ? "a list of lists"
        : "an object") + " cannot be put into a text field of a backend call");
  }

  @Override
  public String toString() {
    return text;
  }
}

package dev.sheaf.binding;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A compiled REST call: method, path and query templates, optional JSON body template, and the
 * selector applied to the answer.
 *
 * @param query ordered query parameters; a parameter whose value is missing is left out
 * @param route the method and path template, e.g. {@code GET /users/{args.id}}: what metrics label the
 *              call by (never the rendered path, which would make one series per id); made once here
 */
public record HttpCall(String method, StringTemplate path, Map<String, StringTemplate> query,
                       BodyTemplate body, Selector selector, String route) implements CallTemplate {

  public HttpCall(String method, StringTemplate path, Map<String, StringTemplate> query, BodyTemplate body,
                  Selector selector) {
    this(method, path, query, body, selector, method + " " + path);
  }

  @Override
  public List<Expression> expressions() {
    Stream<Expression> fromQuery = query.values().stream().flatMap(t -> t.expressions().stream());
    Stream<Expression> fromBody = body == null ? Stream.empty() : body.expressions().stream();
    return Stream.of(path.expressions().stream(), fromQuery, fromBody).flatMap(s -> s).toList();
  }

  /**
   * Renders path and query.
   *
   * @return the path with its query string, or null when a path placeholder has no value
   * @throws UnsafeValueException when a placeholder's value would make a path segment empty,
   *                              {@code .} or {@code ..}, or carries a control character into the path
   */
  public String renderUri(TemplateScope scope) {
    String p = path.render(scope, HttpCall::encodePathSegment);
    if (p == null) {
      return null;
    }
    if (mayHaveDotOrEmptySegment(p)) {
      refuseDotAndEmptySegments(path.toString(), p);
    }
    StringBuilder uri = new StringBuilder(p);
    char sep = p.indexOf('?') < 0 ? '?' : '&';
    for (Map.Entry<String, StringTemplate> param : query.entrySet()) {
      String value = param.getValue().render(scope, HttpCall::encodeQueryValue);
      if (value == null) {
        continue;
      }
      uri.append(sep).append(encodeQueryValue(param.getKey())).append('=').append(value);
      sep = '&';
    }
    return uri.toString();
  }

  @Override
  public boolean isRead() {
    return "GET".equals(method);
  }

  private static String encodeQueryValue(String s) {
    // Commas join list values and are safe in a query; keep them readable.
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("%2C", ",");
  }

  private static String encodePathSegment(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw new UnsafeValueException("a value with a control character cannot be part of a backend's URL path");
      }
    }
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** A cheap test that lets the usual path skip the segment-by-segment check. */
  private static boolean mayHaveDotOrEmptySegment(String rendered) {
    int end = rendered.indexOf('?');
    String p = end < 0 ? rendered : rendered.substring(0, end);
    return p.contains("/.") || p.contains("//") || p.endsWith("/");
  }

  /**
   * A backend, or any proxy before it, normalises {@code /users/../orders} to {@code /orders} and
   * may treat {@code /items/} as {@code /items}: a value must never leave the segment the binding
   * put it in. Encoded values hold no '/', so the rendered path has the template's segments, one
   * for one; a segment with a placeholder may not render empty, {@code .} or {@code ..}.
   */
  private static void refuseDotAndEmptySegments(String template, String rendered) {
    String[] declared = pathPart(template).split("/", -1);
    String[] actual = pathPart(rendered).split("/", -1);
    for (int i = 1; i < actual.length && i < declared.length; i++) {
      String segment = actual[i];
      boolean dotOrEmpty = segment.isEmpty() || segment.equals(".") || segment.equals("..");
      if (dotOrEmpty && declared[i].indexOf('{') >= 0) {
        throw new UnsafeValueException(segment.isEmpty()
            ? "an empty value cannot be a segment of a backend's URL path"
            : "'" + segment + "' cannot be a segment of a backend's URL path");
      }
    }
  }

  private static String pathPart(String uri) {
    int end = uri.indexOf('?');
    return end < 0 ? uri : uri.substring(0, end);
  }
}

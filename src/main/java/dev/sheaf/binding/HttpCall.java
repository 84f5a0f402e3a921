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
 */
public record HttpCall(String method, StringTemplate path, Map<String, StringTemplate> query,
                       BodyTemplate body, Selector selector) implements CallTemplate {

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
   */
  public String renderUri(TemplateScope scope) {
    String p = path.render(scope, HttpCall::encodePathSegment);
    if (p == null) {
      return null;
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
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}

package dev.sheaf.mock;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A request as a mock service received it, so tests can assert on what the gateway sent.
 *
 * @param method  the HTTP method, e.g. {@code GET}
 * @param uri     path and query string as sent, e.g. {@code /products?ids=p1,p2}
 * @param path    the path alone
 * @param headers header names in lower case; repeated headers joined with {@code ", "}
 * @param body    the body as text; empty when there was none
 * @param receivedAtNanos {@link System#nanoTime()} when the request arrived, so tests can tell
 *                        which calls overlapped
 * @param version the HTTP version it came over, e.g. {@code HTTP_1_1} or {@code HTTP_2}
 */
public record RecordedRequest(String method, String uri, String path, Map<String, String> headers, String body,
                              long receivedAtNanos, String version) {

  public RecordedRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(path, "path");
    headers = lowerCaseNames(headers);
    body = body == null ? "" : body;
  }

  /** A request whose HTTP version is not known. */
  public RecordedRequest(String method, String uri, String path, Map<String, String> headers, String body,
                         long receivedAtNanos) {
    this(method, uri, path, headers, body, receivedAtNanos, null);
  }

  static RecordedRequest of(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    Map<String, String> headers = new TreeMap<>();
    request.headers().names().forEach(name -> headers.put(name, String.join(", ", request.headers().getAll(name))));
    String body = ctx.body().available() ? ctx.body().asString() : "";
    return new RecordedRequest(request.method().name(), request.uri(), request.path(), headers, body, System.nanoTime(),
        request.version().name());
  }

  /** The header's value, looked up case-insensitively; {@code null} if absent. */
  public String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  /** The first value of the query parameter, URL-decoded; {@code null} if absent. */
  public String queryParam(String name) {
    int start = uri.indexOf('?');
    if (start < 0) {
      return null;
    }
    for (String pair : uri.substring(start + 1).split("&")) {
      int equals = pair.indexOf('=');
      String key = decode(equals < 0 ? pair : pair.substring(0, equals));
      if (key.equals(name)) {
        return equals < 0 ? "" : decode(pair.substring(equals + 1));
      }
    }
    return null;
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }

  private static Map<String, String> lowerCaseNames(Map<String, String> headers) {
    Map<String, String> normalized = new TreeMap<>();
    headers.forEach((name, value) -> normalized.merge(name.toLowerCase(Locale.ROOT), value, (a, b) -> a + ", " + b));
    return Map.copyOf(normalized);
  }
}

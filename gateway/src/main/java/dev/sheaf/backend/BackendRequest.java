package dev.sheaf.backend;

import io.vertx.core.buffer.Buffer;
import java.util.Map;

/**
 * One rendered REST call. Equal requests within one client request are made once.
 *
 * @param uri  path with query string
 * @param body JSON bytes, or null
 */
public record BackendRequest(String backend, String method, String uri, Map<String, String> headers, Buffer body)
    implements CallRequest {

  /** What makes two calls "the same call" for deduplication. */
  public record Key(String backend, String method, String uri, Map<String, String> headers, Buffer body) {
  }

  public Key key() {
    return new Key(backend, method, uri, headers, body);
  }

  @Override
  public Object acrossRequestsKey() {
    return "GET".equals(method) ? new Key(backend, method, uri, withoutRequestId(headers), body) : null;
  }

  /** The headers without {@link CallRequest#REQUEST_ID_HEADER}. */
  public static Map<String, String> withoutRequestId(Map<String, String> headers) {
    if (!headers.containsKey(REQUEST_ID_HEADER)) {
      return headers;
    }
    Map<String, String> rest = new java.util.HashMap<>(headers);
    rest.remove(REQUEST_ID_HEADER);
    return Map.copyOf(rest);
  }

  /** GET and HEAD (RFC 9110 also says PUT and DELETE, but a binding's PUT may append, so they are never retried). */
  @Override
  public boolean idempotent() {
    return "GET".equals(method) || "HEAD".equals(method);
  }

  /** Only reads are shared: two identical writes in one request are two intended effects. */
  @Override
  public Object sharingKey() {
    return "GET".equals(method) ? key() : null;
  }
}

package dev.sheaf.cache;

import dev.sheaf.backend.BackendRequest;
import dev.sheaf.backend.CallRequest;
import dev.sheaf.backend.grpc.RpcRequest;
import io.vertx.core.buffer.Buffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A rendered call as the backend would see it: two calls share an answer only when these are
 * equal. The request id every call carries is left out, as it changes with each client request and
 * never the answer; every other header stays in, so a call carrying the caller's token or claims is
 * keyed by them and never shared with another caller.
 *
 * @param route  the call as bound (what a mutation's {@code invalidates:} names)
 * @param target the rendered path and query, or the gRPC method's full name
 * @param body   the request body or gRPC message, or null
 */
record AnswerKey(String backend, String route, String target, Map<String, String> headers, Buffer body) {

  /** The header every call carries its client request's id in (the resolver's {@code REQUEST_ID_HEADER}). */
  private static final String REQUEST_ID = "x-request-id";

  /** @return the key of a read, or null for a call that changes something (never cached) */
  static AnswerKey of(String backend, String route, CallRequest request) {
    if (request instanceof BackendRequest rest) {
      return "GET".equals(rest.method())
          ? new AnswerKey(backend, route, rest.uri(), withoutRequestId(rest.headers()), rest.body()) : null;
    }
    if (request instanceof RpcRequest rpc && rpc.read()) {
      return new AnswerKey(backend, route, rpc.method().getFullName(), withoutRequestId(rpc.metadata()),
          Buffer.buffer(rpc.message().toByteArray()));
    }
    return null;
  }

  static Map<String, String> withoutRequestId(Map<String, String> headers) {
    if (!headers.containsKey(REQUEST_ID)) {
      return headers;
    }
    if (headers.size() == 1) {
      return Map.of();
    }
    Map<String, String> rest = new LinkedHashMap<>(headers);
    rest.remove(REQUEST_ID);
    return rest;
  }

  /** Rough bytes this key holds in memory, for the store's byte bound. */
  long bytes() {
    long size = 64L + 2L * (backend.length() + route.length() + target.length());
    for (Map.Entry<String, String> header : headers.entrySet()) {
      size += 2L * (header.getKey().length() + header.getValue().length());
    }
    return size + (body == null ? 0 : body.length());
  }
}

package dev.sheaf.pipeline;

import dev.sheaf.backend.CallRequest;
import dev.sheaf.backend.Deadline;

/**
 * One call on its way down a backend's pipeline. It names the backend and the route as bound
 * (template text, e.g. {@code GET /users/{args.id}}, never the rendered URL), not the resolver
 * that asked: no layer may depend on who the caller is.
 *
 * @param route   the binding's unrendered call, what metrics label it by
 * @param request the rendered request its transport sends
 * @param client  the client request it belongs to: deadline, id, calls already made
 * @param served  the fields it serves and its batch size, for the request's waterfall and metrics
 * @param cache   what the cache layer and the transport tell each other about it, or null for nothing
 */
public record BackendCall(String backend, String route, CallRequest request, RequestCalls client, Served served,
                          CacheExchange cache) {

  public BackendCall(String backend, String route, CallRequest request, RequestCalls client) {
    this(backend, route, request, client, Served.UNKNOWN, null);
  }

  public BackendCall(String backend, String route, CallRequest request, RequestCalls client, Served served) {
    this(backend, route, request, client, served, null);
  }

  public Deadline deadline() {
    return client.deadline();
  }

  public String requestId() {
    return client.requestId();
  }

  /** The same call sending another request (e.g. with trace headers added). */
  public BackendCall withRequest(CallRequest other) {
    return new BackendCall(backend, route, other, client, served, cache);
  }

  /** The same call, as part of other client calls (e.g. a second attempt with a deadline of its own). */
  public BackendCall withClient(RequestCalls other) {
    return new BackendCall(backend, route, request, other, served, cache);
  }

  /** The same call, with an exchange for the cache layer and the transport. */
  public BackendCall withCache(CacheExchange exchange) {
    return new BackendCall(backend, route, request, client, served, exchange);
  }
}

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
 */
public record BackendCall(String backend, String route, CallRequest request, RequestCalls client, Served served) {

  public BackendCall(String backend, String route, CallRequest request, RequestCalls client) {
    this(backend, route, request, client, Served.UNKNOWN);
  }

  public Deadline deadline() {
    return client.deadline();
  }

  public String requestId() {
    return client.requestId();
  }
}

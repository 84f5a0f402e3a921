package dev.sheaf.pipeline;

import dev.sheaf.backend.Deadline;
import io.opentelemetry.context.Context;
import io.vertx.core.Future;
import java.util.HashMap;
import java.util.Map;

/**
 * What every backend call of one client request shares: its deadline, its id, its trace (the parent
 * of its calls' spans) and the calls already made (for {@link Dedupe}). Made once per client request; confined to its event loop, so no locks.
 */
public final class RequestCalls {

  private final Deadline deadline;
  private final String requestId;
  private final Context trace;
  private Map<Object, Future<Object>> made; // most requests share nothing until their first read

  public RequestCalls(Deadline deadline, String requestId) {
    this(deadline, requestId, null);
  }

  /**
   * @param trace the client request's span, in its context; null when it is not traced (tracing off:
   *              then no OpenTelemetry class is even loaded on the request path)
   */
  public RequestCalls(Deadline deadline, String requestId, Context trace) {
    this.deadline = deadline;
    this.requestId = requestId;
    this.trace = trace;
  }

  public Deadline deadline() {
    return deadline;
  }

  public String requestId() {
    return requestId;
  }

  /** The client request's span in its context, or null when the request is not traced. */
  public Context trace() {
    return trace;
  }

  Map<Object, Future<Object>> made() {
    if (made == null) {
      made = new HashMap<>();
    }
    return made;
  }
}

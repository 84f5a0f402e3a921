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
    this(deadline, requestId, Context.root());
  }

  /** @param trace the client request's span, in its context; the root context when it is not traced */
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

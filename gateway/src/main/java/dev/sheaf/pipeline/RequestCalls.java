package dev.sheaf.pipeline;

import dev.sheaf.backend.Deadline;
import io.opentelemetry.context.Context;
import io.vertx.core.Future;
import java.util.HashMap;
import java.util.Map;

/**
 * What every backend call of one client request shares: its deadline, its id, its trace (the parent
 * of its calls' spans), the calls already made (for {@link Dedupe}) and, when someone looks, the record
 * of its calls (for {@link Recording}). Made once per client request; confined to its event loop, so no locks.
 */
public final class RequestCalls {

  private final Deadline deadline;
  private final String requestId;
  private final Context trace;
  private final CallRecords records;
  private Map<Object, Future<Object>> made; // most requests share nothing until their first read

  public RequestCalls(Deadline deadline, String requestId) {
    this(deadline, requestId, null, null);
  }

  /**
   * @param trace   the client request's span, in its context; null when it is not traced (tracing off:
   *                then no OpenTelemetry class is even loaded on the request path)
   * @param records where its calls are recorded, or null for no record
   */
  public RequestCalls(Deadline deadline, String requestId, Context trace, CallRecords records) {
    this.deadline = deadline;
    this.requestId = requestId;
    this.trace = trace;
    this.records = records;
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

  /** Its calls' record, or null when nobody records them. */
  public CallRecords records() {
    return records;
  }

  Map<Object, Future<Object>> made() {
    if (made == null) {
      made = new HashMap<>();
    }
    return made;
  }
}

package dev.sheaf.pipeline;

import dev.sheaf.backend.Deadline;
import io.vertx.core.Future;
import java.util.HashMap;
import java.util.Map;

/**
 * What every backend call of one client request shares: its deadline, its id, and the calls already
 * made (for {@link Dedupe}). Made once per client request; confined to its event loop, so no locks.
 */
public final class RequestCalls {

  private final Deadline deadline;
  private final String requestId;
  private Map<Object, Future<Object>> made; // most requests share nothing until their first read

  public RequestCalls(Deadline deadline, String requestId) {
    this.deadline = deadline;
    this.requestId = requestId;
  }

  public Deadline deadline() {
    return deadline;
  }

  public String requestId() {
    return requestId;
  }

  Map<Object, Future<Object>> made() {
    if (made == null) {
      made = new HashMap<>();
    }
    return made;
  }
}

package dev.sheaf.pipeline;

import dev.sheaf.backend.Deadline;
import io.opentelemetry.context.Context;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What every backend call of one client request shares: its deadline, its id, its trace (the parent
 * of its calls' spans), the calls already made (for {@link Dedupe}), when someone looks, the record of
 * its calls (for {@link Recording}), and which stored answers it was built from (for the cache: a REST
 * composite whose answers are all still fresh can say 304 without running again). Made once per client
 * request; confined to its event loop, so no locks.
 */
public final class RequestCalls {

  /** Where the request's calls are kept on its routing context, for the composite endpoints. */
  public static final String CONTEXT_KEY = "sheaf.calls";

  private final Deadline deadline;
  private final String requestId;
  private final Context trace;
  private final CallRecords records;
  private Map<Object, Future<Object>> made; // most requests share nothing until their first read
  private List<StoredUse> stored;
  private boolean unstored;
  private long freshForMillis = Long.MAX_VALUE;

  /**
   * An answer the request used that the cache holds: still the same when the cache holds the very
   * same value under the key.
   */
  public record StoredUse(Object key, Object value) {
  }

  public RequestCalls(Deadline deadline, String requestId) {
    this(deadline, requestId, null, null);
  }

  /** @param records where its calls are recorded, or null for no record; the request is not traced */
  public RequestCalls(Deadline deadline, String requestId, CallRecords records) {
    this(deadline, requestId, null, records);
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

  /** An answer the cache holds (and holds fresh for {@code freshMillis} more) went into this request. */
  public void usedStored(Object key, Object value, long freshMillis) {
    if (stored == null) {
      stored = new ArrayList<>();
    }
    stored.add(new StoredUse(key, value));
    freshForMillis = Math.min(freshForMillis, freshMillis);
  }

  /**
   * An answer the cache does not hold went into this request.
   *
   * @param freshMillis how long the answer said it may be reused (0: not at all), or -1 when nothing
   *                    decided (its backend is not cached)
   */
  public void usedUnstored(long freshMillis) {
    unstored = true;
    if (freshMillis >= 0) {
      freshForMillis = Math.min(freshForMillis, freshMillis);
    }
  }

  /** Whether every answer of the request is held by the cache (and at least one was used). */
  public boolean allStored() {
    return !unstored && stored != null;
  }

  public List<StoredUse> storedUses() {
    return stored == null ? List.of() : List.copyOf(stored);
  }

  /** How much longer the shortest-lived answer of the request is fresh; Long.MAX_VALUE when none said. */
  public long freshForMillis() {
    return freshForMillis;
  }
}

package dev.sheaf.pipeline;

import dev.sheaf.backend.BackendException;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * One backend call of a client request as its waterfall shows it: when it started and ended (offsets
 * from the request's start), what it was for, and how it ended. Written on the request's event loop
 * only; read by others after the request ended, through {@link CallRecords#finished()}.
 */
public final class CallRecord {

  /** The most field paths one call keeps: a batch of 100 keys serves 100 fields. */
  static final int MAX_FIELDS = 16;

  private final String backend;
  private final String route;
  private final long startNanos;
  private final int batchSize;
  private List<Object> fields;
  private int moreFields;
  private long endNanos;          // 0 while in flight
  private String outcome;        // "ok" or the Sheaf error code
  private int status;            // the backend's HTTP status of a BACKEND_ERROR, else 0
  private String cache;          // how the answer cache served it (hit, stale, revalidated, coalesced), else null
  private Future<?> answer;      // what recording handed up for it: who shares the read gets this one

  CallRecord(BackendCall call, long startNanos) {
    this.backend = call.backend();
    this.route = call.route();
    this.startNanos = startNanos;
    this.batchSize = call.served().batchSize();
    List<Object> served = call.served().fields();
    this.fields = served.size() <= MAX_FIELDS ? served : served.subList(0, MAX_FIELDS);
    this.moreFields = served.size() - this.fields.size();
  }

  /** A call another field shares (deduplicated): its fields are served by this one too. */
  void alsoServes(Served other) {
    for (Object field : other.fields()) {
      if (fields.contains(field)) {
        continue;
      }
      if (fields.size() >= MAX_FIELDS) {
        moreFields++;
        continue;
      }
      if (!(fields instanceof ArrayList)) {
        fields = new ArrayList<>(fields);
      }
      fields.add(field);
    }
  }

  /** Its answer, as recording handed it up: {@link Dedupe} shares this very future with other fields. */
  void answeredBy(Future<?> answer) {
    this.answer = answer;
    answer.onComplete(this::finish);
  }

  Future<?> answer() {
    return answer;
  }

  void finish(AsyncResult<?> result) {
    endNanos = System.nanoTime();
    if (result.succeeded()) {
      outcome = "ok";
    } else if (result.cause() instanceof BackendException be) {
      outcome = be.code().name();
      status = be.status();
    } else {
      outcome = "INTERNAL_ERROR";
    }
  }

  /** The answer cache served this call: {@code hit}, {@code stale}, {@code revalidated} or {@code coalesced}. */
  public void servedByCache(String how) {
    cache = how;
  }

  /** How the answer cache served it, or null when the backend answered it alone. */
  public String cache() {
    return cache;
  }

  public String backend() {
    return backend;
  }

  public String route() {
    return route;
  }

  public long startNanos() {
    return startNanos;
  }

  /** 0 while the call is in flight. */
  public long endNanos() {
    return endNanos;
  }

  /** {@code ok}, the Sheaf error code, or null while in flight. */
  public String outcome() {
    return outcome;
  }

  public int status() {
    return status;
  }

  public int batchSize() {
    return batchSize;
  }

  public List<Object> fields() {
    return fields;
  }

  public int moreFields() {
    return moreFields;
  }
}

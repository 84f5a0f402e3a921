package dev.sheaf.pipeline;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * The backend calls one client request made, in the order they started: what its waterfall, its
 * access log line and its {@code Server-Timing} header are made from. Bounded: past
 * {@link #MAX_CALLS} calls only a count is kept. Confined to the request's event loop.
 */
public final class CallRecords {

  /** The most calls one request keeps a record of; a bigger fan-out is counted, not kept. */
  public static final int MAX_CALLS = 100;

  private final long startNanos;
  private final List<CallRecord> calls = new ArrayList<>(8);
  private int dropped;
  // The call last started and its record: a layer right below recording finds its call's record here.
  private BackendCall latestCall;
  private CallRecord latest;

  /** @param startNanos when the client request arrived ({@link System#nanoTime()}) */
  public CallRecords(long startNanos) {
    this.startNanos = startNanos;
  }

  public long startNanos() {
    return startNanos;
  }

  /** @return the call's record, or null when the request has made too many calls to keep another */
  CallRecord start(BackendCall call) {
    if (calls.size() >= MAX_CALLS) {
      dropped++;
      return null;
    }
    CallRecord record = new CallRecord(call, System.nanoTime());
    calls.add(record);
    latestCall = call;
    latest = record;
    return record;
  }

  /**
   * The record of {@code call}, when it is the call recording just started (layers run in one turn from
   * recording down to the transport); null otherwise, e.g. when the request kept no record of it.
   */
  public CallRecord recordOf(BackendCall call) {
    if (call != latestCall) {
      return null;
    }
    latestCall = null; // asked once, and no call is kept alive by the record
    return latest;
  }

  /**
   * Another field got the answer of a read already made ({@link Dedupe}): the very future recording
   * handed up for it. Found by identity among the few calls of the request, rather than by the read's
   * sharing key in a map of its own: a key is made anew each time it is asked for (for gRPC, with the
   * message's bytes), and most requests share nothing.
   */
  void shared(Future<?> answer, Served served) {
    for (int i = calls.size() - 1; i >= 0; i--) {
      CallRecord record = calls.get(i);
      if (record.answer() == answer) {
        record.alsoServes(served);
        return;
      }
    }
  }

  /** The calls so far, in the order they started. */
  public List<CallRecord> calls() {
    return calls;
  }

  /** Calls made past {@link #MAX_CALLS}, not kept. */
  public int dropped() {
    return dropped;
  }
}

package dev.sheaf.insight;

import dev.sheaf.pipeline.CallRecord;
import java.util.List;

/**
 * One backend call of a request, fixed when the request ended (or when its plan was asked for):
 * what the waterfall, the plan and the access log show.
 *
 * @param startNanos    from the request's start
 * @param durationNanos -1 while the call was still in flight
 * @param outcome       {@code ok}, a Sheaf error code, or null while in flight
 * @param status        the backend's HTTP status of a {@code BACKEND_ERROR}, else 0
 * @param batchSize     the keys of an entity batch, else 0
 * @param fields        result paths of the fields it served (turned into text when shown)
 * @param moreFields    fields served beyond those kept
 * @param cache         how the answer cache served it ({@code hit}, {@code stale}, {@code revalidated},
 *                      {@code coalesced}), or null when the backend answered it alone
 */
public record RecordedCall(String backend, String route, long startNanos, long durationNanos, String outcome,
                           int status, int batchSize, List<Object> fields, int moreFields, String cache) {

  static RecordedCall of(CallRecord call, long requestStartNanos) {
    long end = call.endNanos();
    return new RecordedCall(call.backend(), call.route(), call.startNanos() - requestStartNanos,
        end == 0 ? -1 : end - call.startNanos(), call.outcome(), call.status(), call.batchSize(),
        List.copyOf(call.fields()), call.moreFields(), call.cache());
  }

  public boolean finished() {
    return durationNanos >= 0;
  }

  /** {@code ok}, the code, the code and the backend's status, or {@code in flight}. */
  public String describeOutcome() {
    if (outcome == null) {
      return "in flight";
    }
    String described = status > 0 ? outcome + " " + status : outcome;
    return cache == null ? described : described + " (cache: " + cache + ")";
  }
}

package dev.sheaf.insight;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request's plan as JSON-shaped values: each backend call with its start offset and duration (ms),
 * backend, template, outcome, batch size and the fields it served, in the order they started.
 */
public final class Plan {

  private Plan() {
  }

  static Map<String, Object> of(String requestId, String operationName, long durationNanos, List<RecordedCall> calls,
                                int dropped) {
    Map<String, Object> plan = new LinkedHashMap<>();
    plan.put("requestId", requestId);
    if (operationName != null) {
      plan.put("operationName", operationName);
    }
    plan.put("durationMs", millis(durationNanos));
    List<Object> list = new ArrayList<>(calls.size());
    calls.forEach(call -> list.add(call(call)));
    plan.put("calls", list);
    if (dropped > 0) {
      plan.put("droppedCalls", dropped);
    }
    return plan;
  }

  /** A request the admin port kept, with what the plan lacks: status, outcome, transport. */
  public static Map<String, Object> of(FinishedRequest request) {
    Map<String, Object> plan = of(request.requestId(), request.operationName(), request.durationNanos(),
        request.calls(), request.droppedCalls());
    plan.put("startedAt", java.time.Instant.ofEpochMilli(request.startedAtMillis()).toString());
    if (request.traceId() != null) {
      plan.put("traceId", request.traceId());
    }
    plan.put("transport", request.transport());
    plan.put("route", request.route());
    if (request.operationType() != null) {
      plan.put("operationType", request.operationType());
    }
    plan.put("status", request.status());
    plan.put("outcome", request.outcome().label());
    return plan;
  }

  static Map<String, Object> call(RecordedCall call) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("backend", call.backend());
    json.put("route", call.route());
    json.put("startMs", millis(call.startNanos()));
    json.put("durationMs", call.finished() ? millis(call.durationNanos()) : null);
    json.put("outcome", call.outcome() == null ? "in flight" : call.outcome());
    if (call.cache() != null) {
      json.put("cache", call.cache());
    }
    if (call.status() > 0) {
      json.put("status", call.status());
    }
    if (call.batchSize() > 0) {
      json.put("batchSize", call.batchSize());
    }
    json.put("fields", call.fields().stream().map(String::valueOf).toList());
    if (call.moreFields() > 0) {
      json.put("moreFields", call.moreFields());
    }
    return json;
  }

  /** Milliseconds with two decimals: enough to tell calls that started together from calls that waited. */
  static double millis(long nanos) {
    return Math.round(nanos / 10_000.0) / 100.0;
  }

  /**
   * The same milliseconds as {@link #millis} as a decimal, for the access log: a log line prints it much
   * faster than a double, which a line has one of per call.
   */
  static BigDecimal millisDecimal(long nanos) {
    return BigDecimal.valueOf(Math.round(nanos / 10_000.0), 2);
  }
}

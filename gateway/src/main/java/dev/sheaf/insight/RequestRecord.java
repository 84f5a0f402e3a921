package dev.sheaf.insight;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.sheaf.pipeline.CallRecord;
import dev.sheaf.pipeline.CallRecords;
import dev.sheaf.resolver.Caller;
import graphql.ExecutionResult;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * What the gateway notes about one client request while it runs: where it went, which operation
 * ran, how it ended and the backend calls it made. Kept on the routing context; confined to the
 * request's event loop.
 */
public final class RequestRecord {

  /** Where the record is kept on the routing context. */
  public static final String KEY = "sheaf.requestRecord";
  /** The request header that asks for the request's plan, and the value that does. */
  public static final String DEBUG_HEADER = "Sheaf-Debug";
  static final String PLAN = "plan";
  /** The response header that carries a REST endpoint's plan (its body is the resource). */
  public static final String PLAN_HEADER = "Sheaf-Plan";
  /** Proxies commonly refuse response headers past 8 KiB. */
  private static final int MAX_PLAN_HEADER = 8 * 1024;

  private final long startNanos;
  private final long startedAtMillis;
  private final String requestId;
  private final String traceId;
  private final String method;
  private final String transport;
  private final boolean planAsked;
  private final DebugAccess debug;
  private final CallRecords calls;
  private String route;
  private String operationName;
  private String operationType;
  private Outcome executed; // null: it never ran
  private Caller caller = Caller.ANONYMOUS;

  RequestRecord(long startNanos, String requestId, String traceId, String method, String transport, String route,
                boolean planAsked, DebugAccess debug) {
    this.startNanos = startNanos;
    this.startedAtMillis = System.currentTimeMillis();
    this.requestId = requestId;
    this.traceId = traceId;
    this.method = method;
    this.transport = transport;
    this.route = route;
    this.planAsked = planAsked;
    this.debug = debug;
    this.calls = new CallRecords(startNanos);
  }

  /** The request's record, or null for a request the gateway keeps none of (probes). */
  public static RequestRecord of(RoutingContext ctx) {
    return ctx.get(KEY);
  }

  /** Where its backend calls are recorded. */
  public CallRecords calls() {
    return calls;
  }

  public String requestId() {
    return requestId;
  }

  /** {@code graphql} or {@code rest}. */
  public String transport() {
    return transport;
  }

  public String operationName() {
    return operationName;
  }

  public String operationType() {
    return operationType;
  }

  /** A REST endpoint names its route template, e.g. {@code GET /api/v1/home/{userId}}. */
  public void route(String template) {
    this.route = template;
  }

  /** Who sent it, once known. */
  public void caller(Caller who) {
    this.caller = who;
  }

  /**
   * Its operation ran (or was refused by graphql-java's parse and validation): {@code result} says
   * how it went; null when execution itself failed.
   */
  public void executed(String name, String type, ExecutionResult result) {
    this.operationName = name;
    this.operationType = type;
    this.executed = classify(result);
  }

  private static Outcome classify(ExecutionResult result) {
    if (result == null) {
      return Outcome.ERROR;
    }
    if (!result.isDataPresent()) {
      return Outcome.REJECTED; // parse, validation or variables: it never ran
    }
    if (result.getErrors().isEmpty()) {
      return Outcome.COMPLETE;
    }
    return result.getData() instanceof Map<?, ?> data && data.values().stream().anyMatch(v -> v != null)
        ? Outcome.PARTIAL : Outcome.ERROR;
  }

  /** How it ended, given its HTTP status; {@code written} false when the client left first. */
  public Outcome outcome(int status, boolean written) {
    if (!written) {
      return Outcome.CANCELLED;
    }
    if (status >= 500) {
      return Outcome.ERROR;
    }
    return executed == null ? Outcome.REJECTED : executed;
  }

  /** Whether it asked for its plan ({@code Sheaf-Debug: plan}) and its caller may see it. */
  public boolean planAllowed() {
    return planAsked && debug.allows(caller);
  }

  /** Its calls so far, fixed now: an immutable list, made once per request, copied by nobody. */
  public List<RecordedCall> recordedCalls() {
    List<CallRecord> made = calls.calls();
    RecordedCall[] fixed = new RecordedCall[made.size()];
    for (int i = 0; i < fixed.length; i++) {
      fixed[i] = RecordedCall.of(made.get(i), startNanos);
    }
    return Collections.unmodifiableList(Arrays.asList(fixed));
  }

  /** The plan of the request so far: what {@code extensions.sheaf} and {@code Sheaf-Plan} carry. */
  public Map<String, Object> plan() {
    return Plan.of(requestId, operationName, System.nanoTime() - startNanos, recordedCalls(), calls.dropped());
  }

  /**
   * The plan as one line of ASCII JSON for {@link #PLAN_HEADER}; the last calls are left out (and
   * counted in {@code truncatedCalls}) when it would pass 8 KiB.
   */
  @SuppressWarnings("unchecked")
  public String planHeader() {
    Map<String, Object> plan = plan();
    List<Object> list = new ArrayList<>((List<Object>) plan.get("calls"));
    int left = 0;
    while (true) {
      plan.put("calls", list);
      String text;
      try {
        text = HeaderJson.MAPPER.writeValueAsString(plan);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("a plan is made of strings and numbers", e);
      }
      if (text.length() <= MAX_PLAN_HEADER || list.isEmpty()) {
        return text;
      }
      list.remove(list.size() - 1);
      plan.put("truncatedCalls", ++left);
    }
  }

  long startNanos() {
    return startNanos;
  }

  FinishedRequest finish(int status, boolean written, long endNanos) {
    return new FinishedRequest(requestId, traceId, startedAtMillis, method, transport, route, operationName,
        operationType, status, endNanos - startNanos, outcome(status, written), recordedCalls(), calls.dropped());
  }

  /** Made when a plan header is first asked for, not with the first request. */
  private static final class HeaderJson {
    static final ObjectMapper MAPPER = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
  }

  /** Who may see plans: anyone (debug.enabled), or callers whose token has the debug scope. */
  record DebugAccess(boolean anyone, String scope) {

    boolean allows(Caller caller) {
      return anyone || (scope != null && caller.scopes().contains(scope));
    }
  }
}

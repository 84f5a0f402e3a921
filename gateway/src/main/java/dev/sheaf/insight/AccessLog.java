package dev.sheaf.insight;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * One line per client request on the logger {@code sheaf.access}, its facts as key-values (fields of
 * their own in a JSON log): ids, operation, route, status, duration, outcome and the backend calls.
 * Only what the record holds is written: never a header, a token, a cookie or a variable.
 */
final class AccessLog {

  static final String LOGGER = "sheaf.access";

  private AccessLog() {
  }

  /** @param log {@code sheaf.access}, or the warm-up's logger, whose lines are encoded and dropped */
  static void write(Logger log, FinishedRequest request) {
    if (!log.isInfoEnabled()) {
      return;
    }
    LoggingEventBuilder line = log.atInfo()
        .addKeyValue("requestId", request.requestId());
    if (request.traceId() != null) {
      line = line.addKeyValue("traceId", request.traceId());
    }
    line = line.addKeyValue("transport", request.transport())
        .addKeyValue("method", request.method())
        .addKeyValue("route", request.route());
    if (request.operationType() != null) { // a request refused before it ran has no operation
      line = line.addKeyValue("operationName", request.operationName())
          .addKeyValue("operationType", request.operationType());
    }
    line.addKeyValue("status", request.status())
        .addKeyValue("durationMs", Plan.millis(request.durationNanos()))
        .addKeyValue("outcome", request.outcome().label())
        .addKeyValue("calls", calls(request.calls()))
        .log("request");
  }

  private static JsonText calls(List<RecordedCall> calls) {
    List<Object> list = new ArrayList<>(calls.size());
    for (RecordedCall call : calls) {
      Map<String, Object> json = new LinkedHashMap<>(8);
      json.put("backend", call.backend());
      json.put("route", call.route());
      json.put("outcome", call.outcome() == null ? "in flight" : call.outcome());
      if (call.cache() != null) {
        json.put("cache", call.cache());
      }
      if (call.status() > 0) {
        json.put("status", call.status());
      }
      json.put("durationMs", call.finished() ? Plan.millis(call.durationNanos()) : null);
      list.add(json);
    }
    return new JsonText(list);
  }
}

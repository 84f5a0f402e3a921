package dev.sheaf.insight;

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
        .addKeyValue("durationMs", Plan.millisDecimal(request.durationNanos()))
        .addKeyValue("outcome", request.outcome().label())
        .addKeyValue("calls", new CallsJson(request.calls()))
        .log("request");
  }
}

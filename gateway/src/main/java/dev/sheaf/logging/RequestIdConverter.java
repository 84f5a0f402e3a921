package dev.sheaf.logging;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/** {@code %requestId} in a text line: the id of the request being served, and its trace id when traced. */
public final class RequestIdConverter extends ClassicConverter {

  @Override
  public String convert(ILoggingEvent event) {
    LogContext.Fields fields = LogContext.current();
    if (fields == null || fields.requestId() == null) {
      return "";
    }
    return fields.traceId() == null ? " [" + fields.requestId() + "]"
        : " [" + fields.requestId() + " trace=" + fields.traceId() + "]";
  }
}

package dev.sheaf.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import net.logstash.logback.composite.AbstractJsonProvider;

/**
 * Adds {@code requestId}, {@code traceId} and {@code spanId} to a JSON log line written while a
 * request is served (see {@link LogContext}); lines outside any request have none.
 */
final class RequestFields extends AbstractJsonProvider<ILoggingEvent> {

  @Override
  public void writeTo(JsonGenerator generator, ILoggingEvent event) throws IOException {
    LogContext.Fields fields = LogContext.current();
    if (fields == null) {
      return;
    }
    if (fields.requestId() != null) {
      generator.writeStringField("requestId", fields.requestId());
    }
    if (fields.traceId() != null) {
      generator.writeStringField("traceId", fields.traceId());
      generator.writeStringField("spanId", fields.spanId());
    }
  }
}

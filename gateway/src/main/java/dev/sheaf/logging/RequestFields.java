package dev.sheaf.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;
import net.logstash.logback.composite.AbstractJsonProvider;
import org.slf4j.event.KeyValuePair;

/**
 * Adds {@code requestId}, {@code traceId} and {@code spanId} to a JSON log line written while a
 * request is served (see {@link LogContext}); lines outside any request have none, and a line that
 * carries one of them as its own key-value pair (the access log) keeps its own.
 */
final class RequestFields extends AbstractJsonProvider<ILoggingEvent> {

  @Override
  public void writeTo(JsonGenerator generator, ILoggingEvent event) throws IOException {
    LogContext.Fields fields = LogContext.current();
    if (fields == null) {
      return;
    }
    write(generator, event, "requestId", fields.requestId());
    write(generator, event, "traceId", fields.traceId());
    write(generator, event, "spanId", fields.spanId());
  }

  private static void write(JsonGenerator generator, ILoggingEvent event, String name, String value)
      throws IOException {
    if (value == null || hasPair(event, name)) {
      return;
    }
    generator.writeStringField(name, value);
  }

  private static boolean hasPair(ILoggingEvent event, String key) {
    List<KeyValuePair> pairs = event.getKeyValuePairs();
    if (pairs == null) {
      return false;
    }
    for (KeyValuePair pair : pairs) {
      if (key.equals(pair.key)) {
        return true;
      }
    }
    return false;
  }
}

package dev.sheaf.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import net.logstash.logback.composite.AbstractJsonProvider;
import org.slf4j.event.KeyValuePair;

/**
 * The key-value pairs a log call adds ({@code addKeyValue}) as fields of their own, as the encoder's
 * own provider writes them, but strings, numbers and booleans written directly: the encoder's provider
 * hands every value to Jackson's object mapper, which makes a serializer provider and looks a
 * serializer up per value, a dozen times per access log line. Other values still go to it.
 */
final class KeyValueFields extends AbstractJsonProvider<ILoggingEvent> {

  @Override
  public void writeTo(JsonGenerator generator, ILoggingEvent event) throws IOException {
    List<KeyValuePair> pairs = event.getKeyValuePairs();
    if (pairs == null) {
      return;
    }
    for (KeyValuePair pair : pairs) {
      if (pair.key == null) {
        continue;
      }
      generator.writeFieldName(pair.key);
      write(generator, pair.value);
    }
  }

  private static void write(JsonGenerator generator, Object value) throws IOException {
    if (value == null) {
      generator.writeNull();
    } else if (value instanceof String text) {
      generator.writeString(text);
    } else if (value instanceof Integer number) {
      generator.writeNumber(number);
    } else if (value instanceof Long number) {
      generator.writeNumber(number);
    } else if (value instanceof Double number) {
      generator.writeNumber(number);
    } else if (value instanceof BigDecimal number) {
      generator.writeNumber(number);
    } else if (value instanceof Boolean flag) {
      generator.writeBoolean(flag);
    } else {
      generator.writeObject(value);
    }
  }
}

package dev.sheaf.insight;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;

/**
 * The backend calls of an access log line as a JSON array, written straight onto the log encoder's
 * generator (which masks what it writes): no map per call and no serializer looked up per value, which
 * were most of a line's cost. A log that writes values as text (the text format) gets the same array
 * from {@link #toString()}.
 */
final class CallsJson implements JsonSerializable {

  private static final JsonFactory JSON = new JsonFactory();

  private final List<RecordedCall> calls;

  CallsJson(List<RecordedCall> calls) {
    this.calls = calls;
  }

  @Override
  public void serialize(JsonGenerator generator, SerializerProvider serializers) throws IOException {
    generator.writeStartArray();
    for (RecordedCall call : calls) {
      generator.writeStartObject();
      generator.writeStringField("backend", call.backend());
      generator.writeStringField("route", call.route());
      generator.writeStringField("outcome", call.outcome() == null ? "in flight" : call.outcome());
      if (call.cache() != null) {
        generator.writeStringField("cache", call.cache());
      }
      if (call.status() > 0) {
        generator.writeNumberField("status", call.status());
      }
      if (call.finished()) {
        generator.writeNumberField("durationMs", Plan.millisDecimal(call.durationNanos()));
      } else {
        generator.writeNullField("durationMs");
      }
      generator.writeEndObject();
    }
    generator.writeEndArray();
  }

  @Override
  public void serializeWithType(JsonGenerator generator, SerializerProvider serializers, TypeSerializer types)
      throws IOException {
    serialize(generator, serializers); // a plain array: no type id to add
  }

  @Override
  public String toString() {
    StringWriter text = new StringWriter();
    try (JsonGenerator generator = JSON.createGenerator(text)) {
      serialize(generator, null);
    } catch (IOException e) {
      return "[]"; // a StringWriter does not fail
    }
    return text.toString();
  }
}

package dev.sheaf.backend.grpc;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;

/**
 * Converts between dynamic protobuf messages and the gateway's JSON-shaped values, by the proto3
 * JSON mapping: lowerCamelCase names (proto names also accepted on input), int64 as strings,
 * enums by name, Timestamp/Duration as RFC 3339 strings, wrappers as their value. Fields without
 * presence are always written, so a zero is 0, not null; fields with presence (messages,
 * {@code optional}, wrappers, oneof members) that are unset are absent, hence null in GraphQL.
 */
public final class ProtoJson {

  private final ObjectMapper json;
  private final JsonFormat.Printer printer = JsonFormat.printer().alwaysPrintFieldsWithNoPresence().omittingInsignificantWhitespace();
  private final JsonFormat.Parser parser = JsonFormat.parser();

  public ProtoJson(ObjectMapper json) {
    this.json = json;
  }

  /** @throws IllegalArgumentException when the value does not fit the message type */
  public DynamicMessage toMessage(Descriptor type, Object value) {
    DynamicMessage.Builder builder = DynamicMessage.newBuilder(type);
    if (value == null) {
      return builder.build();
    }
    try {
      parser.merge(json.writeValueAsString(value), builder);
      return builder.build();
    } catch (IOException e) {
      throw new IllegalArgumentException(type.getFullName() + ": " + e.getMessage(), e);
    }
  }

  public Object toJson(DynamicMessage message) {
    try {
      return json.readValue(printer.print(message), Object.class);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("cannot print " + message.getDescriptorForType().getFullName(), e);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read printed JSON", e);
    }
  }
}

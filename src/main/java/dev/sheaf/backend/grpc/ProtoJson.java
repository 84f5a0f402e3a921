package dev.sheaf.backend.grpc;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

  /**
   * The message as JSON-shaped values, exactly as printing it by the proto3 JSON mapping and reading
   * the text back would give, without the text: answers are read straight from the message. The
   * well-known types (Timestamp, Duration, wrappers, Struct, Any, ...), which have their own JSON
   * forms, still go through the printer.
   */
  public Object toJson(Message message) {
    Descriptor type = message.getDescriptorForType();
    if (type.getFile().getPackage().equals("google.protobuf")) {
      return printed(message);
    }
    Map<String, Object> object = new LinkedHashMap<>();
    for (FieldDescriptor field : type.getFields()) {
      if (field.isRepeated()) {
        object.put(field.getJsonName(), field.isMapField() ? mapValue(message, field) : listValue(message, field));
      } else if (!field.hasPresence() || message.hasField(field)) {
        object.put(field.getJsonName(), value(field, message.getField(field)));
      }
    }
    return object;
  }

  private List<Object> listValue(Message message, FieldDescriptor field) {
    int count = message.getRepeatedFieldCount(field);
    List<Object> list = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      list.add(value(field, message.getRepeatedField(field, i)));
    }
    return list;
  }

  private Map<String, Object> mapValue(Message message, FieldDescriptor field) {
    FieldDescriptor keyField = field.getMessageType().findFieldByNumber(1);
    FieldDescriptor valueField = field.getMessageType().findFieldByNumber(2);
    Map<String, Object> map = new LinkedHashMap<>();
    for (Object entry : (List<?>) message.getField(field)) {
      Message pair = (Message) entry;
      map.put(String.valueOf(value(keyField, pair.getField(keyField))), value(valueField, pair.getField(valueField)));
    }
    return map;
  }

  /** One singular value, typed as Jackson reads the printed form: int32 Integer, int64 String, float as printed. */
  private Object value(FieldDescriptor field, Object value) {
    return switch (field.getType()) {
      case INT32, SINT32, SFIXED32, BOOL, STRING -> value;
      case UINT32, FIXED32 -> narrowed(Integer.toUnsignedLong((Integer) value));
      case INT64, SINT64, SFIXED64 -> String.valueOf(value);
      case UINT64, FIXED64 -> Long.toUnsignedString((Long) value);
      case FLOAT -> floating(Float.isFinite((Float) value) ? Double.parseDouble(Float.toString((Float) value)) : (Float) value);
      case DOUBLE -> floating((Double) value);
      case BYTES -> Base64.getEncoder().encodeToString(((ByteString) value).toByteArray());
      case ENUM -> enumValue((EnumValueDescriptor) value);
      case MESSAGE, GROUP -> toJson((Message) value);
    };
  }

  private static Object narrowed(long value) {
    return value <= Integer.MAX_VALUE ? (Object) (int) value : (Object) value;
  }

  private static Object floating(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "Infinity" : "-Infinity";
    }
    return value;
  }

  private static Object enumValue(EnumValueDescriptor value) {
    // A number this descriptor does not know (from a newer schema) is printed as the number.
    return value.getIndex() < 0 ? (Object) value.getNumber() : value.getName();
  }

  private Object printed(Message message) {
    try {
      return json.readValue(printer.print(message), Object.class);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("cannot print " + message.getDescriptorForType().getFullName(), e);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read printed JSON", e);
    }
  }
}

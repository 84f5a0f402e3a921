package dev.sheaf.backend.grpc;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

  /**
   * The message for JSON-shaped values, by the proto3 JSON mapping. Plain values are set straight
   * into the message (see {@link #direct}); anything else goes through JsonFormat's parser, which
   * also words the errors.
   *
   * @throws IllegalArgumentException when the value does not fit the message type
   */
  public DynamicMessage toMessage(Descriptor type, Object value) {
    DynamicMessage direct = direct(type, value);
    if (direct != null) {
      return direct;
    }
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
   * The message built without printing and parsing JSON, or null when the value holds anything but
   * the plain cases whose meaning is not in doubt: fields named by their JSON or proto name, each
   * once, holding strings, whole numbers, booleans, doubles, enum names, objects and lists of them.
   * Well-known types, unsigned and float fields, bytes, maps, nulls and numbers given as text are
   * left to the parser, and so is every value the parser would refuse.
   */
  static DynamicMessage direct(Descriptor type, Object value) {
    if (!(value instanceof Map<?, ?> object)) {
      return null;
    }
    DynamicMessage.Builder builder = DynamicMessage.newBuilder(type);
    return fill(builder, object) ? builder.build() : null;
  }

  private static boolean fill(Message.Builder builder, Map<?, ?> object) {
    Descriptor type = builder.getDescriptorForType();
    if (type.getFile().getPackage().equals("google.protobuf")) {
      return false;
    }
    Set<FieldDescriptor> seen = new HashSet<>();
    Set<OneofDescriptor> oneofs = new HashSet<>();
    for (Map.Entry<?, ?> entry : object.entrySet()) {
      FieldDescriptor field = entry.getKey() instanceof String name ? fieldNamed(type, name) : null;
      if (field == null || field.isMapField() || !seen.add(field)
          || (field.getRealContainingOneof() != null && !oneofs.add(field.getRealContainingOneof()))) {
        return false;
      }
      if (!field.isRepeated()) {
        Object plain = plain(builder, field, entry.getValue());
        if (plain == null) {
          return false;
        }
        builder.setField(field, plain);
      } else if (entry.getValue() instanceof List<?> items) {
        for (Object item : items) {
          Object plain = plain(builder, field, item);
          if (plain == null) {
            return false;
          }
          builder.addRepeatedField(field, plain);
        }
      } else {
        return false;
      }
    }
    return true;
  }

  private static FieldDescriptor fieldNamed(Descriptor type, String name) {
    FieldDescriptor byProtoName = type.findFieldByName(name);
    for (FieldDescriptor field : type.getFields()) {
      if (field.getJsonName().equals(name)) {
        return byProtoName == null || byProtoName == field ? field : null;
      }
    }
    return byProtoName;
  }

  /** The value as the field's Java type, or null when it is not one of the plain cases. */
  private static Object plain(Message.Builder builder, FieldDescriptor field, Object value) {
    return switch (field.getType()) {
      case INT32, SINT32, SFIXED32 -> value instanceof Integer ? value : null;
      case INT64, SINT64, SFIXED64 -> value instanceof Integer i ? (Object) i.longValue()
          : value instanceof Long ? value : null;
      case BOOL -> value instanceof Boolean ? value : null;
      case STRING -> value instanceof String ? value : null;
      case DOUBLE -> value instanceof Double d && Double.isFinite(d) ? d
          : value instanceof Integer i ? (Object) i.doubleValue() : null;
      case ENUM -> value instanceof String name ? field.getEnumType().findValueByName(name) : null;
      case MESSAGE -> {
        if (!(value instanceof Map<?, ?> object)) {
          yield null;
        }
        Message.Builder nested = builder.newBuilderForField(field);
        yield fill(nested, object) ? nested.build() : null;
      }
      default -> null;
    };
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

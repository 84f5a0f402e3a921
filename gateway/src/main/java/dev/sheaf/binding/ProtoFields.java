package dev.sheaf.binding;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import dev.sheaf.config.Suggestions;
import java.util.List;
import java.util.Map;

/** Checks templates against the request and reply messages, so a typo fails at start-up. */
final class ProtoFields {

  private ProtoFields() {
  }

  /** @return a message naming the first key the message type lacks (or that cannot hold its value), or null */
  static String firstUnknown(Descriptor type, Object template) {
    if (!(template instanceof Map<?, ?> map)) {
      return template == null ? null : "the request must be a mapping of " + type.getFullName() + " fields";
    }
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      String key = String.valueOf(entry.getKey());
      FieldDescriptor field = find(type, key);
      if (field == null) {
        return "message " + type.getFullName() + " has no field '" + key + "'; its fields: "
            + String.join(", ", type.getFields().stream().map(FieldDescriptor::getName).toList());
      }
      if ("{keys}".equals(entry.getValue()) && !field.isRepeated()) {
        // One value where the batch's list goes: every lookup would fail at run time.
        return "'" + key + "' of " + type.getFullName() + " holds one value, but {keys} is the batch's list of keys;"
            + " put it in a repeated field";
      }
      if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !field.isMapField()
          && entry.getValue() instanceof Map<?, ?>) {
        String nested = firstUnknown(field.getMessageType(), entry.getValue());
        if (nested != null) {
          return nested;
        }
      }
    }
    return null;
  }

  /** Proto names ({@code product_ids}) and JSON names ({@code productIds}) are both accepted. */
  private static FieldDescriptor find(Descriptor type, String key) {
    FieldDescriptor byName = type.findFieldByName(key);
    if (byName != null) {
      return byName;
    }
    return type.getFields().stream().filter(f -> f.getJsonName().equals(key)).findFirst().orElse(null);
  }

  /**
   * Where a {@code select:} path leads in a reply, walked by the names replies are read with (the
   * proto3 JSON mapping's lowerCamelCase).
   *
   * @param field   the field reached, null for the whole reply or past what descriptors can tell
   *                (a map, a well-known type such as Struct)
   * @param checked false when the path went past what descriptors can tell
   * @param problem why the path cannot lead anywhere, or null
   */
  record Reached(FieldDescriptor field, boolean checked, String problem) {
  }

  static Reached select(Descriptor reply, Selector selector) {
    Descriptor message = reply;
    FieldDescriptor field = null;
    for (String name : selector.path()) {
      if (field != null) {
        if (field.isMapField() || (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE
            && field.getMessageType().getFile().getPackage().equals("google.protobuf"))) {
          return new Reached(null, false, null); // any JSON: nothing to check against
        }
        if (field.isRepeated() || field.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
          return new Reached(null, true, "'" + field.getJsonName() + "' is " + (field.isRepeated() ? "a list"
              : "a " + field.getJavaType().name().toLowerCase(java.util.Locale.ROOT)) + ", so it has no field '"
              + name + "'; the path ends at it");
        }
        message = field.getMessageType();
      }
      field = byJsonName(message, name);
      if (field == null) {
        return new Reached(null, true, unknownField(message, name));
      }
    }
    return new Reached(field, true, null);
  }

  /** A field of a reply's message, by the name the reply has it under. */
  static FieldDescriptor byJsonName(Descriptor type, String name) {
    return type.getFields().stream().filter(f -> f.getJsonName().equals(name)).findFirst().orElse(null);
  }

  /** Why {@code name} names no field of a reply's message, and what does. */
  static String unknownField(Descriptor type, String name) {
    FieldDescriptor byProtoName = type.findFieldByName(name);
    if (byProtoName != null) {
      return "'" + name + "' is the .proto name of the field; replies are read in lowerCamelCase: "
          + byProtoName.getJsonName();
    }
    List<String> names = type.getFields().stream().map(FieldDescriptor::getJsonName).toList();
    return type.getFullName() + " has no field '" + name + "'." + Suggestions.didYouMean(name, names)
        + (names.isEmpty() ? " It has no fields" : " Its fields, closest first: " + Suggestions.listClosestFirst(name, names));
  }
}

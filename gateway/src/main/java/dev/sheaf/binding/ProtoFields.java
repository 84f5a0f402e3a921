package dev.sheaf.binding;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.util.Map;

/** Checks a request template's keys against the request message, so a typo fails at start-up. */
final class ProtoFields {

  private ProtoFields() {
  }

  /** @return a message naming the first key the message type lacks, or null when all exist */
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
}

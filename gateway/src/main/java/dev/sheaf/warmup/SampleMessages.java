package dev.sheaf.warmup;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.DynamicMessage;
import java.util.HashSet;
import java.util.Set;

/**
 * Made-up protobuf messages for the warm-up's gRPC answers, from a message's descriptor alone: every
 * field set as a real answer sets it, so decoding and the protobuf-to-JSON conversion run over every
 * kind of field. Strings named like keys are {@value SampleValues#KEY} (so an entity batch's answer holds
 * the keys it was asked for), other strings and bytes a few words, numbers several digits, booleans true,
 * enums their first value besides the zero default, repeated fields and maps one item, nested messages a
 * few levels deep.
 */
final class SampleMessages {

  /** How deeply made-up messages nest: messages are often recursive, answers need not be. */
  private static final int MAX_DEPTH = 4;

  private SampleMessages() {
  }

  static DynamicMessage of(Descriptor type) {
    return of(type, 1);
  }

  private static DynamicMessage of(Descriptor type, int depth) {
    DynamicMessage.Builder builder = DynamicMessage.newBuilder(type);
    if (type.getFile().getPackage().equals("google.protobuf")) {
      return builder.build(); // well-known types: their defaults are valid values (epoch, zero, empty)
    }
    Set<OneofDescriptor> oneofs = new HashSet<>();
    for (FieldDescriptor field : type.getFields()) {
      OneofDescriptor oneof = field.getRealContainingOneof();
      Object value = oneof != null && !oneofs.add(oneof) ? null : value(field, depth); // one member per oneof
      if (value != null && field.isRepeated()) {
        builder.addRepeatedField(field, value);
      } else if (value != null) {
        builder.setField(field, value);
      }
    }
    return builder.build();
  }

  private static Object value(FieldDescriptor field, int depth) {
    return switch (field.getJavaType()) {
      case INT -> SampleValues.NUMBER;
      case LONG -> (long) SampleValues.NUMBER;
      case FLOAT -> (float) SampleValues.DECIMAL;
      case DOUBLE -> SampleValues.DECIMAL;
      case BOOLEAN -> true;
      case STRING -> SampleValues.namesAKey(field.getName()) ? SampleValues.KEY : SampleValues.TEXT;
      case BYTE_STRING -> ByteString.copyFromUtf8(SampleValues.TEXT);
      case ENUM -> enumValue(field.getEnumType());
      case MESSAGE -> depth >= MAX_DEPTH ? null : of(field.getMessageType(), depth + 1);
    };
  }

  /** The first value besides the zero one, which proto3 reserves for "unspecified" by convention. */
  private static EnumValueDescriptor enumValue(EnumDescriptor type) {
    for (EnumValueDescriptor value : type.getValues()) {
      if (value.getNumber() != 0) {
        return value;
      }
    }
    return type.getValues().get(0);
  }
}

package dev.sheaf.backend.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumValueDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MessageOptions;
import com.google.protobuf.DescriptorProtos.OneofDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Both directions match JsonFormat: a message converted to JSON-shaped values equals printing it and
 * reading the text back; values converted to a message equal what the parser makes of their text.
 */
class ProtoJsonTest {

  private final ObjectMapper json = new ObjectMapper();
  private final ProtoJson protoJson = new ProtoJson(json);
  private final Descriptor all = descriptor();

  @Test
  void everyScalarKindMatchesThePrintedForm() throws Exception {
    DynamicMessage message = builder()
        .set("i32", -7).set("i64", Long.MIN_VALUE).set("u32", -1).set("u64", -1L)
        .set("f", 0.1f).set("d", 1e20).set("b", true).set("s", "näme").set("by", ByteString.copyFrom(new byte[] {0, -1, 42}))
        .set("s64", -5L).set("fx", -2)
        .build();

    assertSameAsPrinted(message);
    Map<?, ?> converted = (Map<?, ?>) protoJson.toJson(message);
    assertThat(converted.get("i64")).isEqualTo("-9223372036854775808");
    assertThat(converted.get("u32")).isEqualTo(4294967295L);
    assertThat(converted.get("f")).isEqualTo(0.1);
  }

  @Test
  void defaultsOfFieldsWithoutPresenceAreWrittenAndUnsetFieldsWithPresenceAreNot() throws Exception {
    DynamicMessage message = DynamicMessage.newBuilder(all).build();

    assertSameAsPrinted(message);
    Map<?, ?> converted = (Map<?, ?>) protoJson.toJson(message);
    assertThat(converted.get("i32")).isEqualTo(0);
    assertThat(converted.get("ri")).isEqualTo(List.of());
    assertThat(converted.containsKey("inner")).isFalse();
    assertThat(converted.containsKey("oi")).isFalse();
    assertThat(converted.containsKey("ts")).isFalse();
  }

  @Test
  void messagesListsMapsEnumsOneofsAndWellKnownTypesMatchThePrintedForm() throws Exception {
    Descriptor inner = all.findNestedTypeByName("Inner");
    Descriptor entry = all.findNestedTypeByName("MEntry");
    DynamicMessage message = builder()
        .set("e", all.findEnumTypeByName("Color").findValueByName("GREEN"))
        .set("inner", DynamicMessage.newBuilder(inner).setField(inner.findFieldByName("name_of"), "x").build())
        .add("ri", 1L).add("ri", 9_007_199_254_740_993L)
        .add("rinner", DynamicMessage.newBuilder(inner).build())
        .add("m", DynamicMessage.newBuilder(entry).setField(entry.findFieldByName("key"), "a")
            .setField(entry.findFieldByName("value"), 3).build())
        .set("oi", 0)
        .set("bnum", 12)
        .set("ts", Timestamp.newBuilder().setSeconds(1_700_000_000L).setNanos(5_000_000).build())
        .set("d", Double.NEGATIVE_INFINITY)
        .build();

    assertSameAsPrinted(message);
    Map<?, ?> converted = (Map<?, ?>) protoJson.toJson(message);
    assertThat(converted.get("e")).isEqualTo("GREEN");
    assertThat(converted.get("inner")).isEqualTo(Map.of("nameOf", "x"));
    assertThat(converted.get("m")).isEqualTo(Map.of("a", 3));
    assertThat(converted.get("oi")).isEqualTo(0);
    assertThat(converted.get("ts")).isEqualTo("2023-11-14T22:13:20.005Z");
    assertThat(converted.containsKey("a")).isFalse();
  }

  @Test
  void anEnumNumberTheDescriptorDoesNotKnowIsWrittenAsTheNumber() throws Exception {
    DynamicMessage message = builder()
        .set("e", all.findEnumTypeByName("Color").findValueByNumberCreatingIfUnknown(7))
        .build();

    assertSameAsPrinted(message);
    assertThat(((Map<?, ?>) protoJson.toJson(message)).get("e")).isEqualTo(7);
  }

  @Test
  void plainValuesBecomeTheMessageTheParserWouldBuildWithoutGoingThroughText() throws Exception {
    List<Map<String, Object>> inputs = List.of(
        Map.of("i32", 5, "i64", 7, "s", "x", "b", false, "d", 2.5, "e", "GREEN", "s64", -3L),
        Map.of("i32", 0, "s", "", "b", true, "d", 3, "e", "RED"),
        Map.of("inner", Map.of("nameOf", "a"), "rinner", List.of(Map.of("name_of", "b"), Map.of())),
        Map.of("ri", List.of(1, 2L, -3), "oi", 0, "a", "chosen"),
        Map.of("bnum", 9, "i64", Long.MAX_VALUE),
        Map.of());
    for (Map<String, Object> input : inputs) {
      DynamicMessage direct = ProtoJson.direct(all, input);

      assertThat(direct).as(input.toString()).isNotNull();
      DynamicMessage parsed = parsed(input);
      assertThat(direct).as(input.toString()).isEqualTo(parsed);
      assertThat(direct.toByteString()).as(input.toString()).isEqualTo(parsed.toByteString());
      assertThat(protoJson.toMessage(all, input)).isEqualTo(parsed);
    }
  }

  @Test
  void everythingElseIsLeftToTheParserWhichGivesTheSameMessageOrTheSameError() throws Exception {
    Map<String, Object> withNull = new HashMap<>();
    withNull.put("s", null);
    List<Map<String, Object>> inputs = List.of(
        Map.of("u32", 5), Map.of("f", 1.5), Map.of("by", "AP8q"), Map.of("m", Map.of("k", 1)), withNull,
        Map.of("i64", "12"), Map.of("e", 1), Map.of("ts", "2024-01-02T03:04:05Z"), Map.of("inner", Map.of("u", 1)),
        Map.of("nope", 1), Map.of("e", "BLUE"), Map.of("i32", "x"), Map.of("i32", 3_000_000_000L),
        Map.of("a", "x", "bnum", 1), Map.of("inner", Map.of("nameOf", "a", "name_of", "b")), Map.of("ri", 1),
        Map.of("d", Double.NaN));
    for (Map<String, Object> input : inputs) {
      assertThat(ProtoJson.direct(all, input)).as(input.toString()).isNull();
      DynamicMessage parsed;
      try {
        parsed = parsed(input);
      } catch (IOException refused) {
        assertThatThrownBy(() -> protoJson.toMessage(all, input)).as(input.toString())
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(refused.getMessage());
        continue;
      }
      assertThat(protoJson.toMessage(all, input)).as(input.toString()).isEqualTo(parsed);
    }
  }

  private DynamicMessage parsed(Map<String, Object> input) throws IOException {
    DynamicMessage.Builder builder = DynamicMessage.newBuilder(all);
    JsonFormat.parser().merge(json.writeValueAsString(input), builder);
    return builder.build();
  }

  private void assertSameAsPrinted(DynamicMessage message) throws Exception {
    String printed = JsonFormat.printer().alwaysPrintFieldsWithNoPresence().print(message);
    assertThat(protoJson.toJson(message)).isEqualTo(json.readValue(printed, Object.class));
  }

  private Builder builder() {
    return new Builder(DynamicMessage.newBuilder(all));
  }

  private record Builder(DynamicMessage.Builder message) {
    Builder set(String field, Object value) {
      message.setField(message.getDescriptorForType().findFieldByName(field), value);
      return this;
    }

    Builder add(String field, Object value) {
      message.addRepeatedField(message.getDescriptorForType().findFieldByName(field), value);
      return this;
    }

    DynamicMessage build() {
      return message.build();
    }
  }

  private static Descriptor descriptor() {
    DescriptorProto inner = DescriptorProto.newBuilder().setName("Inner")
        .addField(field("name_of", 1, Type.TYPE_STRING)).build();
    DescriptorProto entry = DescriptorProto.newBuilder().setName("MEntry")
        .setOptions(MessageOptions.newBuilder().setMapEntry(true))
        .addField(field("key", 1, Type.TYPE_STRING)).addField(field("value", 2, Type.TYPE_INT32)).build();
    DescriptorProto message = DescriptorProto.newBuilder().setName("All")
        .addNestedType(inner).addNestedType(entry)
        .addEnumType(EnumDescriptorProto.newBuilder().setName("Color")
            .addValue(EnumValueDescriptorProto.newBuilder().setName("RED").setNumber(0))
            .addValue(EnumValueDescriptorProto.newBuilder().setName("GREEN").setNumber(1)))
        .addOneofDecl(OneofDescriptorProto.newBuilder().setName("choice"))
        .addOneofDecl(OneofDescriptorProto.newBuilder().setName("_oi"))
        .addField(field("i32", 1, Type.TYPE_INT32))
        .addField(field("i64", 2, Type.TYPE_INT64))
        .addField(field("u32", 3, Type.TYPE_UINT32))
        .addField(field("u64", 4, Type.TYPE_UINT64))
        .addField(field("f", 5, Type.TYPE_FLOAT))
        .addField(field("d", 6, Type.TYPE_DOUBLE))
        .addField(field("b", 7, Type.TYPE_BOOL))
        .addField(field("s", 8, Type.TYPE_STRING))
        .addField(field("by", 9, Type.TYPE_BYTES))
        .addField(field("e", 10, Type.TYPE_ENUM).setTypeName(".t.All.Color"))
        .addField(field("inner", 11, Type.TYPE_MESSAGE).setTypeName(".t.All.Inner"))
        .addField(field("ri", 12, Type.TYPE_INT64).setLabel(Label.LABEL_REPEATED))
        .addField(field("m", 13, Type.TYPE_MESSAGE).setLabel(Label.LABEL_REPEATED).setTypeName(".t.All.MEntry"))
        .addField(field("oi", 14, Type.TYPE_INT32).setProto3Optional(true).setOneofIndex(1))
        .addField(field("ts", 15, Type.TYPE_MESSAGE).setTypeName(".google.protobuf.Timestamp"))
        .addField(field("a", 16, Type.TYPE_STRING).setOneofIndex(0))
        .addField(field("bnum", 17, Type.TYPE_INT32).setOneofIndex(0))
        .addField(field("rinner", 18, Type.TYPE_MESSAGE).setLabel(Label.LABEL_REPEATED).setTypeName(".t.All.Inner"))
        .addField(field("s64", 19, Type.TYPE_SINT64))
        .addField(field("fx", 20, Type.TYPE_FIXED32))
        .build();
    FileDescriptorProto file = FileDescriptorProto.newBuilder().setName("t.proto").setPackage("t").setSyntax("proto3")
        .addDependency("google/protobuf/timestamp.proto").addMessageType(message).build();
    try {
      return FileDescriptor.buildFrom(file, new FileDescriptor[] {Timestamp.getDescriptor().getFile()})
          .findMessageTypeByName("All");
    } catch (DescriptorValidationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static FieldDescriptorProto.Builder field(String name, int number, Type type) {
    return FieldDescriptorProto.newBuilder().setName(name).setNumber(number).setType(type)
        .setLabel(Label.LABEL_OPTIONAL);
  }
}

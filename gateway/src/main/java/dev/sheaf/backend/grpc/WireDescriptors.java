package dev.sheaf.backend.grpc;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumOptions;
import com.google.protobuf.DescriptorProtos.EnumValueDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FieldOptions;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MessageOptions;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.OneofDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import com.squareup.wire.Syntax;
import com.squareup.wire.schema.EnumConstant;
import com.squareup.wire.schema.EnumType;
import com.squareup.wire.schema.Extend;
import com.squareup.wire.schema.Extensions;
import com.squareup.wire.schema.Field;
import com.squareup.wire.schema.Location;
import com.squareup.wire.schema.MessageType;
import com.squareup.wire.schema.OneOf;
import com.squareup.wire.schema.Options;
import com.squareup.wire.schema.ProtoFile;
import com.squareup.wire.schema.ProtoMember;
import com.squareup.wire.schema.ProtoType;
import com.squareup.wire.schema.Rpc;
import com.squareup.wire.schema.Schema;
import com.squareup.wire.schema.Service;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import kotlin.ranges.IntRange;

/**
 * Turns a file of a linked Wire schema into the {@code FileDescriptorProto} protoc would write for
 * it, as far as a dynamic client needs: types, numbers, labels, oneofs (proto3 {@code optional}
 * ones synthesized as protoc does), map entries, JSON names, defaults, extensions and services.
 * Options are left out except the few that change how messages are built or encoded
 * ({@code packed}, {@code map_entry}, {@code allow_alias}, {@code deprecated}).
 */
final class WireDescriptors {

  private static final Map<ProtoType, Type> SCALARS = Map.ofEntries(
      Map.entry(ProtoType.DOUBLE, Type.TYPE_DOUBLE), Map.entry(ProtoType.FLOAT, Type.TYPE_FLOAT),
      Map.entry(ProtoType.INT64, Type.TYPE_INT64), Map.entry(ProtoType.UINT64, Type.TYPE_UINT64),
      Map.entry(ProtoType.INT32, Type.TYPE_INT32), Map.entry(ProtoType.FIXED64, Type.TYPE_FIXED64),
      Map.entry(ProtoType.FIXED32, Type.TYPE_FIXED32), Map.entry(ProtoType.BOOL, Type.TYPE_BOOL),
      Map.entry(ProtoType.STRING, Type.TYPE_STRING), Map.entry(ProtoType.BYTES, Type.TYPE_BYTES),
      Map.entry(ProtoType.UINT32, Type.TYPE_UINT32), Map.entry(ProtoType.SFIXED32, Type.TYPE_SFIXED32),
      Map.entry(ProtoType.SFIXED64, Type.TYPE_SFIXED64), Map.entry(ProtoType.SINT32, Type.TYPE_SINT32),
      Map.entry(ProtoType.SINT64, Type.TYPE_SINT64));

  private static final ProtoMember PACKED = ProtoMember.get(Options.FIELD_OPTIONS, "packed");

  private final Schema schema;
  private final boolean proto3;

  private WireDescriptors(Schema schema, ProtoFile file) {
    this.schema = schema;
    this.proto3 = file.getSyntax() == Syntax.PROTO_3;
  }

  static FileDescriptorProto of(Schema schema, ProtoFile file) {
    return new WireDescriptors(schema, file).file(file);
  }

  private FileDescriptorProto file(ProtoFile file) {
    FileDescriptorProto.Builder out = FileDescriptorProto.newBuilder().setName(file.getLocation().getPath());
    if (file.getPackageName() != null) {
      out.setPackage(file.getPackageName());
    }
    // protoc lists plain imports and public ones in source order; Wire keeps them apart.
    out.addAllDependency(file.getImports());
    for (String publicImport : file.getPublicImports()) {
      out.addPublicDependency(out.getDependencyCount());
      out.addDependency(publicImport);
    }
    if (proto3) {
      out.setSyntax("proto3");
    }
    for (com.squareup.wire.schema.Type type : file.getTypes()) {
      if (type instanceof MessageType message) {
        out.addMessageType(message(message));
      } else if (type instanceof EnumType enumType) {
        out.addEnumType(enumType(enumType));
      }
    }
    for (Service service : file.getServices()) {
      out.addService(service(service));
    }
    for (Extend extend : file.getExtendList()) {
      extend.getFields().forEach(f -> out.addExtension(field(f, extend.getType()).build()));
    }
    return out.build();
  }

  private DescriptorProto message(MessageType message) {
    DescriptorProto.Builder out = DescriptorProto.newBuilder().setName(message.getType().getSimpleName());
    // Wire keeps oneof members apart from the other fields; protoc lists all in source order.
    List<Field> fields = new ArrayList<>(message.getDeclaredFields());
    message.getOneOfs().forEach(o -> fields.addAll(o.getFields()));
    fields.sort(Comparator.comparing(Field::getLocation, WireDescriptors::inSource));

    List<Object> nested = new ArrayList<>(message.getNestedTypes());
    List<OneOf> oneOfs = message.getOneOfs();
    oneOfs.forEach(o -> out.addOneofDecl(OneofDescriptorProto.newBuilder().setName(o.getName())));
    List<String> syntheticOneOfs = new ArrayList<>();
    for (Field field : fields) {
      FieldDescriptorProto.Builder built = field(field, null);
      int oneOf = indexOf(oneOfs, field);
      if (oneOf >= 0) {
        built.setOneofIndex(oneOf);
      } else if (proto3 && field.getLabel() == Field.Label.OPTIONAL) {
        // protoc gives each proto3 optional field a oneof of its own, after the declared ones.
        built.setProto3Optional(true).setOneofIndex(oneOfs.size() + syntheticOneOfs.size());
        syntheticOneOfs.add("_" + field.getName());
      }
      if (field.getType().isMap()) {
        String entry = mapEntryName(field.getName());
        built.setTypeName("." + message.getType() + "." + entry);
        nested.add(mapEntry(field, entry));
      }
      out.addField(built);
    }
    syntheticOneOfs.forEach(name -> out.addOneofDecl(OneofDescriptorProto.newBuilder().setName(name)));

    // Declared nested types and map entries, in the order of their source lines, as protoc does.
    nested.sort(Comparator.comparing(WireDescriptors::locationOf, WireDescriptors::inSource));
    for (Object type : nested) {
      if (type instanceof MapEntry entry) {
        out.addNestedType(entry.descriptor());
      } else if (type instanceof MessageType m) {
        out.addNestedType(message(m));
      } else if (type instanceof EnumType e) {
        out.addEnumType(enumType(e));
      }
    }
    for (Extensions range : message.getExtensionsList()) {
      for (Object value : range.getValues()) {
        int start = value instanceof IntRange r ? r.getFirst() : (Integer) value;
        int end = value instanceof IntRange r ? r.getLast() : (Integer) value;
        out.addExtensionRangeBuilder().setStart(start).setEnd(end + 1);
      }
    }
    for (Extend extend : message.getNestedExtendList()) {
      extend.getFields().forEach(f -> out.addExtension(field(f, extend.getType()).build()));
    }
    if (message.isDeprecated()) {
      out.setOptions(MessageOptions.newBuilder().setDeprecated(true));
    }
    return out.build();
  }

  private static int indexOf(List<OneOf> oneOfs, Field field) {
    for (int i = 0; i < oneOfs.size(); i++) {
      if (oneOfs.get(i).getFields().contains(field)) {
        return i;
      }
    }
    return -1;
  }

  private FieldDescriptorProto.Builder field(Field field, ProtoType extendee) {
    FieldDescriptorProto.Builder out = FieldDescriptorProto.newBuilder()
        .setName(field.getName())
        .setNumber(field.getTag())
        .setLabel(label(field))
        .setJsonName(field.getDeclaredJsonName() != null ? field.getDeclaredJsonName() : jsonName(field.getName()));
    ProtoType type = field.getType();
    if (type.isMap()) {
      out.setType(Type.TYPE_MESSAGE);
    } else {
      setType(out, type);
    }
    if (extendee != null) {
      out.setExtendee("." + extendee);
    }
    if (field.getDefault() != null) {
      // protobuf reads numbers in any notation protoc accepts; bytes must be C-escaped as protoc writes them.
      out.setDefaultValue(type.equals(ProtoType.BYTES) ? cEscape(field.getDefault()) : field.getDefault());
    }
    FieldOptions.Builder options = FieldOptions.newBuilder();
    Object packed = field.getOptions().get(PACKED);
    if (packed != null) {
      options.setPacked(Boolean.parseBoolean(packed.toString()));
    }
    if (field.isDeprecated()) {
      options.setDeprecated(true);
    }
    if (options.hasPacked() || options.hasDeprecated()) {
      out.setOptions(options);
    }
    return out;
  }

  private void setType(FieldDescriptorProto.Builder out, ProtoType type) {
    Type scalar = SCALARS.get(type);
    if (scalar != null) {
      out.setType(scalar);
      return;
    }
    out.setType(schema.getType(type) instanceof EnumType ? Type.TYPE_ENUM : Type.TYPE_MESSAGE)
        .setTypeName("." + type);
  }

  private static Label label(Field field) {
    if (field.isRepeated() || field.getType().isMap()) {
      return Label.LABEL_REPEATED;
    }
    return field.isRequired() ? Label.LABEL_REQUIRED : Label.LABEL_OPTIONAL;
  }

  /** A map field's synthetic entry message, named as protoc names it ({@code tags_by_id} -> TagsByIdEntry). */
  private record MapEntry(Location location, DescriptorProto descriptor) {
  }

  private MapEntry mapEntry(Field field, String name) {
    DescriptorProto.Builder entry = DescriptorProto.newBuilder().setName(name)
        .setOptions(MessageOptions.newBuilder().setMapEntry(true));
    entry.addField(entryField("key", 1, field.getType().getKeyType()));
    entry.addField(entryField("value", 2, field.getType().getValueType()));
    return new MapEntry(field.getLocation(), entry.build());
  }

  private FieldDescriptorProto entryField(String name, int number, ProtoType type) {
    FieldDescriptorProto.Builder out = FieldDescriptorProto.newBuilder()
        .setName(name).setNumber(number).setLabel(Label.LABEL_OPTIONAL).setJsonName(name);
    setType(out, type);
    return out.build();
  }

  /** protoc's JSON name: underscores dropped, the letter after each one upper-cased (Wire keeps proto2 names as they are). */
  private static String jsonName(String fieldName) {
    StringBuilder name = new StringBuilder();
    boolean upper = false;
    for (char c : fieldName.toCharArray()) {
      if (c == '_') {
        upper = true;
      } else {
        name.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return name.toString();
  }

  /** A bytes default as protoc records it: printable ASCII as is, the rest as three-digit octal escapes. */
  private static String cEscape(String unescaped) {
    StringBuilder out = new StringBuilder();
    for (char c : unescaped.toCharArray()) {
      // Wire gives one char per byte for escapes (\001, \xff); other text stands for its UTF-8 bytes.
      byte[] bytes = c <= 0xff ? new byte[] {(byte) c} : String.valueOf(c).getBytes(StandardCharsets.UTF_8);
      for (byte b : bytes) {
        int v = b & 0xff;
        switch (v) {
          case '\n' -> out.append("\\n");
          case '\r' -> out.append("\\r");
          case '\t' -> out.append("\\t");
          case '"' -> out.append("\\\"");
          case '\'' -> out.append("\\'");
          case '\\' -> out.append("\\\\");
          default -> out.append(v < 0x20 || v >= 0x7f ? String.format("\\%03o", v) : String.valueOf((char) v));
        }
      }
    }
    return out.toString();
  }

  private static String mapEntryName(String fieldName) {
    String camel = jsonName(fieldName);
    return camel.isEmpty() ? "Entry" : Character.toUpperCase(camel.charAt(0)) + camel.substring(1) + "Entry";
  }

  private EnumDescriptorProto enumType(EnumType type) {
    EnumDescriptorProto.Builder out = EnumDescriptorProto.newBuilder().setName(type.getName());
    for (EnumConstant constant : type.getConstants()) {
      out.addValue(EnumValueDescriptorProto.newBuilder().setName(constant.getName()).setNumber(constant.getTag()));
    }
    // Without it protobuf refuses two names for one number, as protoc does.
    if (type.allowAlias()) {
      out.setOptions(EnumOptions.newBuilder().setAllowAlias(true));
    }
    return out.build();
  }

  private static ServiceDescriptorProto service(Service service) {
    ServiceDescriptorProto.Builder out = ServiceDescriptorProto.newBuilder().setName(service.name());
    for (Rpc rpc : service.rpcs()) {
      MethodDescriptorProto.Builder method = out.addMethodBuilder()
          .setName(rpc.getName())
          .setInputType("." + rpc.getRequestType())
          .setOutputType("." + rpc.getResponseType());
      if (rpc.getRequestStreaming()) {
        method.setClientStreaming(true);
      }
      if (rpc.getResponseStreaming()) {
        method.setServerStreaming(true);
      }
    }
    return out.build();
  }

  private static Location locationOf(Object type) {
    return type instanceof MapEntry entry ? entry.location() : ((com.squareup.wire.schema.Type) type).getLocation();
  }

  private static int inSource(Location a, Location b) {
    return a.getLine() != b.getLine() ? Integer.compare(a.getLine(), b.getLine())
        : Integer.compare(a.getColumn(), b.getColumn());
  }
}

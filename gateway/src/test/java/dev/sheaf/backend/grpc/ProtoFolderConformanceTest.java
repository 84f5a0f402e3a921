package dev.sheaf.backend.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import com.google.protobuf.TextFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The descriptors read from .proto sources at run time equal, field by field, those protoc writes
 * for the same files (the build runs protoc on src/test/protos and on the sample's schema/protos).
 * Only what protoc records beyond a dynamic client's needs is left out of the comparison: source
 * positions, reserved names and ranges, file options, and options other than those carried.
 */
class ProtoFolderConformanceTest {

  @Test
  void everyKindOfDeclarationIsDescribedAsProtocDescribesIt() throws IOException {
    assertSameAsProtoc(Path.of("gateway/src/test/protos"), "/conformance/protoc.pb");
  }

  @Test
  void theSampleProtosAreDescribedAsProtocDescribesThem() throws IOException {
    // backends-mock's build compiles schema/protos with protoc into this set.
    assertSameAsProtoc(Path.of("schema/protos"), "/sheaf/protos.pb");
  }

  @Test
  void theRunTimeDescriptorsBuildAndKeepTheirJsonNames() {
    ProtoRegistry registry = ProtoRegistry.of(ProtoFolder.read(Path.of("gateway/src/test/protos")), "test");
    var product = registry.method("conformance.v1.ShopService", "GetProduct").getOutputType();
    assertThat(product.findFieldByName("display_name").getJsonName()).isEqualTo("displayName");
    assertThat(product.findFieldByName("rating").hasPresence()).isTrue();
    assertThat(product.findFieldByName("variants_by_sku").isMapField()).isTrue();
    assertThat(product.findFieldByName("scores").isPacked()).isFalse();
    assertThat(product.findFieldByName("weights").isPacked()).isTrue();
    assertThat(product.getRealOneofs()).extracting(o -> o.getName()).containsExactly("availability", "second_choice");
    var list = registry.method("conformance.v1.ShopService", "ListProducts");
    assertThat(list.isServerStreaming()).isTrue();
    assertThat(list.getInputType().findFieldByName("page_token").getJsonName()).isEqualTo("cursor");
  }

  private static void assertSameAsProtoc(Path sources, String protocSet) throws IOException {
    Map<String, FileDescriptorProto> protoc = byName(readSet(protocSet).stream()
        .filter(f -> !WellKnownTypes.isWellKnown(f.getName())).map(ProtoFolderConformanceTest::comparable).toList());
    Map<String, FileDescriptorProto> ours = byName(ProtoFolder.read(sources));

    assertThat(ours.keySet()).containsExactlyInAnyOrderElementsOf(protoc.keySet());
    protoc.forEach((name, expected) ->
        assertThat(TextFormat.printer().printToString(ours.get(name)))
            .as(name).isEqualTo(TextFormat.printer().printToString(expected)));
  }

  private static List<FileDescriptorProto> readSet(String resource) throws IOException {
    try (InputStream in = ProtoFolderConformanceTest.class.getResourceAsStream(resource)) {
      assertThat(in).as(resource + " (written by protoc during the build)").isNotNull();
      return FileDescriptorSet.parseFrom(in).getFileList();
    }
  }

  private static Map<String, FileDescriptorProto> byName(List<FileDescriptorProto> files) {
    return files.stream().collect(Collectors.toMap(FileDescriptorProto::getName, Function.identity()));
  }

  /** protoc's file without what the run-time reader deliberately leaves out. */
  private static FileDescriptorProto comparable(FileDescriptorProto file) {
    FileDescriptorProto.Builder out = file.toBuilder().clearSourceCodeInfo().clearOptions()
        .clearMessageType().clearEnumType().clearService().clearExtension();
    file.getMessageTypeList().forEach(m -> out.addMessageType(comparable(m)));
    file.getEnumTypeList().forEach(e -> out.addEnumType(comparable(e)));
    file.getServiceList().forEach(s -> out.addService(comparable(s)));
    file.getExtensionList().forEach(f -> out.addExtension(comparable(f)));
    return out.build();
  }

  private static DescriptorProto comparable(DescriptorProto message) {
    DescriptorProto.Builder out = message.toBuilder().clearReservedName().clearReservedRange()
        .clearField().clearNestedType().clearEnumType().clearExtension();
    message.getFieldList().forEach(f -> out.addField(comparable(f)));
    message.getNestedTypeList().forEach(m -> out.addNestedType(comparable(m)));
    message.getEnumTypeList().forEach(e -> out.addEnumType(comparable(e)));
    message.getExtensionList().forEach(f -> out.addExtension(comparable(f)));
    if (message.hasOptions()) {
      var options = message.getOptions();
      out.clearOptions();
      if (options.getMapEntry() || options.getDeprecated()) {
        out.getOptionsBuilder().setMapEntry(options.getMapEntry()).setDeprecated(options.getDeprecated());
        if (!options.getDeprecated()) {
          out.getOptionsBuilder().clearDeprecated();
        }
      }
    }
    return out.build();
  }

  private static FieldDescriptorProto comparable(FieldDescriptorProto field) {
    if (!field.hasOptions()) {
      return field;
    }
    var options = field.getOptions();
    FieldDescriptorProto.Builder out = field.toBuilder().clearOptions();
    if (options.hasPacked()) {
      out.getOptionsBuilder().setPacked(options.getPacked());
    }
    if (options.getDeprecated()) {
      out.getOptionsBuilder().setDeprecated(true);
    }
    return out.build();
  }

  private static EnumDescriptorProto comparable(EnumDescriptorProto type) {
    EnumDescriptorProto.Builder out = type.toBuilder().clearReservedName().clearReservedRange().clearOptions();
    if (type.getOptions().getAllowAlias()) {
      out.getOptionsBuilder().setAllowAlias(true);
    }
    return out.build();
  }

  private static ServiceDescriptorProto comparable(ServiceDescriptorProto service) {
    ServiceDescriptorProto.Builder out = service.toBuilder().clearOptions();
    out.getMethodBuilderList().forEach(m -> m.clearOptions());
    return out.build();
  }
}

package dev.sheaf.backend.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Timestamp;
import dev.sheaf.config.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The proto folder of a configuration, read at run time: sources, descriptor sets, well-known types, errors. */
class ProtoFolderTest {

  static final String CLOCK = """
      syntax = "proto3";

      package clock.v1;

      import "google/protobuf/timestamp.proto";
      import "google/protobuf/duration.proto";

      service ClockService {
        rpc Now(NowRequest) returns (NowReply);
      }

      message NowRequest {
        string zone = 1;
      }

      message NowReply {
        google.protobuf.Timestamp at = 1;
        google.protobuf.Duration offset = 2;
      }
      """;

  @TempDir
  Path protos;

  private Path write(String file, String text) throws IOException {
    Path path = protos.resolve(file);
    Files.createDirectories(path.getParent());
    return Files.writeString(path, text);
  }

  private String refusal() {
    Throwable thrown = catchThrowable(() -> ProtoRegistry.of(ProtoFolder.read(protos), protos.toString()));
    assertThat(thrown).isInstanceOf(ConfigException.class);
    return thrown.getMessage();
  }

  @Test
  void aProtoImportingWellKnownTypesIsReadWithoutThem() throws IOException {
    write("clock/v1/clock.proto", CLOCK);

    List<FileDescriptorProto> files = ProtoFolder.read(protos);
    ProtoRegistry registry = ProtoRegistry.of(files, protos.toString());

    assertThat(files).extracting(FileDescriptorProto::getName).containsExactly("clock/v1/clock.proto");
    FieldDescriptor at = registry.method("clock.v1.ClockService", "Now").getOutputType().findFieldByName("at");
    // protobuf-java's own Timestamp, so the JSON mapping writes it as an RFC 3339 string.
    assertThat(at.getMessageType()).isSameAs(Timestamp.getDescriptor());
  }

  @Test
  void filesImportEachOtherByTheirPathInTheFolder() throws IOException {
    write("shared/v1/zone.proto", """
        syntax = "proto3";
        package shared.v1;
        message Zone { string id = 1; }
        """);
    write("clock/v1/clock.proto", CLOCK.replace("import \"google/protobuf/duration.proto\";",
        "import \"google/protobuf/duration.proto\";\nimport \"shared/v1/zone.proto\";")
        .replace("string zone = 1;", "shared.v1.Zone zone = 1;"));

    ProtoRegistry registry = ProtoRegistry.of(ProtoFolder.read(protos), protos.toString());

    assertThat(registry.method("clock.v1.ClockService", "Now").getInputType().findFieldByName("zone")
        .getMessageType().getFullName()).isEqualTo("shared.v1.Zone");
  }

  @Test
  void aSyntaxErrorNamesTheFileAndLine() throws IOException {
    Path file = write("clock/v1/clock.proto", CLOCK.replace("string zone = 1;", "string zone = 1"));

    // The parser stops at the token after the missing semicolon.
    assertThat(refusal()).startsWith(file + ":14:2: syntax error: expected ';'");
  }

  @Test
  void anUnknownTypeNamesTheFileAndLineOfTheField() throws IOException {
    Path file = write("clock/v1/clock.proto", CLOCK.replace("string zone = 1;", "Zone zone = 1;"));

    assertThat(refusal()).startsWith(file + ":13:3: unable to resolve Zone")
        .contains("import the file that defines it");
  }

  @Test
  void anImportNotInTheFolderNamesTheImportingLineAndWhereToPutIt() throws IOException {
    Path file = write("clock/v1/clock.proto", CLOCK.replace("import \"google/protobuf/duration.proto\";",
        "import \"shared/v1/zone.proto\";"));

    assertThat(refusal()).startsWith(file + ":6: imports \"shared/v1/zone.proto\", which is not found")
        .contains(protos.resolve("shared/v1/zone.proto").toString());
  }

  @Test
  void aDuplicateFieldNumberNamesTheFileAndLine() throws IOException {
    Path file = write("clock/v1/clock.proto", CLOCK.replace("google.protobuf.Duration offset = 2;",
        "google.protobuf.Duration offset = 1;"));

    assertThat(refusal()).startsWith(file + ":17:3: multiple fields share tag 1");
  }

  @Test
  void aCompiledDescriptorSetIsReadAsItIs() throws IOException {
    // What protoc wrote for src/test/protos during the build, as buf build or protoc --descriptor_set_out would.
    try (InputStream in = getClass().getResourceAsStream("/conformance/protoc.pb")) {
      Files.write(protos.resolve("shop.binpb"), in.readAllBytes());
    }

    ProtoRegistry registry = ProtoRegistry.of(ProtoFolder.read(protos), protos.toString());

    assertThat(registry.method("conformance.v1.ShopService", "GetProduct")).isNotNull();
  }

  @Test
  void aDescriptorSetAndSourcesAreReadTogether() throws IOException {
    write("clock/v1/clock.proto", CLOCK);
    FileDescriptorSet set = FileDescriptorSet.newBuilder()
        .addFile(ProtoFolder.read(Path.of("schema/protos")).get(0)).build();
    Files.write(protos.resolve("inventory.desc"), set.toByteArray());

    ProtoRegistry registry = ProtoRegistry.of(ProtoFolder.read(protos), protos.toString());

    assertThat(registry.method("clock.v1.ClockService", "Now")).isNotNull();
    assertThat(registry.method("inventory.v1.InventoryService", "GetStock")).isNotNull();
  }

  @Test
  void aFileThatIsNoDescriptorSetIsRefusedByName() throws IOException {
    Path file = Files.writeString(protos.resolve("broken.pb"), "not protobuf at all");

    assertThat(refusal()).startsWith(file + ": not a protobuf descriptor set").contains("buf build");
  }

  @Test
  void noFolderMeansNoDescriptors() {
    assertThat(ProtoFolder.read(protos.resolve("absent"))).isEmpty();
  }

  @Test
  void descriptorsImportingWellKnownFilesTheyDoNotSendStillBuild() {
    // As a reflection server may answer: its own file, without google/protobuf/timestamp.proto.
    FileDescriptorProto reflected = FileDescriptorProto.newBuilder()
        .setName("events/v1/events.proto").setPackage("events.v1").setSyntax("proto3")
        .addDependency("google/protobuf/timestamp.proto")
        .addMessageType(com.google.protobuf.DescriptorProtos.DescriptorProto.newBuilder().setName("Event")
            .addField(com.google.protobuf.DescriptorProtos.FieldDescriptorProto.newBuilder()
                .setName("at").setNumber(1).setTypeName(".google.protobuf.Timestamp")
                .setType(com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type.TYPE_MESSAGE)))
        .addService(com.google.protobuf.DescriptorProtos.ServiceDescriptorProto.newBuilder().setName("Events")
            .addMethod(com.google.protobuf.DescriptorProtos.MethodDescriptorProto.newBuilder()
                .setName("Last").setInputType(".google.protobuf.Timestamp").setOutputType(".events.v1.Event")))
        .build();

    ProtoRegistry registry = ProtoRegistry.of(List.of(reflected), "server reflection of backend 'events'");

    assertThat(registry.method("events.v1.Events", "Last").getInputType()).isSameAs(Timestamp.getDescriptor());
  }
}

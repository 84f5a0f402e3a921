package dev.sheaf.backend.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import dev.sheaf.binding.BindingLoader;
import dev.sheaf.config.ConfigException;
import dev.sheaf.graphql.GraphQLExecutor;
import dev.sheaf.graphql.SchemaFiles;
import graphql.schema.GraphQLSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gRPC bindings are checked against the descriptors at start-up. */
class GrpcBindingValidationTest {

  static final String SCHEMA = """
      type Query { stock(ids: [ID!]!): [Stock] }
      type Stock { productId: ID!  available: Int }
      """;

  static final String GOOD = """
      backends:
        inventory:
          grpc: 127.0.0.1:7105
          timeout: 300ms
      fields:
        Query.stock:
          backend: inventory
          rpc: inventory.v1.InventoryService/GetStock
          request: { product_ids: "{args.ids}" }
          select: items
      """;

  static GraphQLSchema schema;
  static ProtoSources protos;

  @TempDir
  Path dir;

  @BeforeAll
  static void load(@TempDir Path schemaDir) throws IOException {
    Files.writeString(schemaDir.resolve("s.graphqls"), SCHEMA);
    schema = GraphQLExecutor.shapeOf(SchemaFiles.load(schemaDir));
    protos = ProtoSources.filesOnly(ProtoRegistry.of(ProtoFolder.read(Path.of("schema/protos")), "schema/protos"));
  }

  private String refusal(String yaml) throws IOException {
    Files.writeString(dir.resolve("inventory.yaml"), yaml);
    Throwable thrown = catchThrowable(() -> new BindingLoader(Map.of(), Map.of()).load(dir, schema, Map.of(), protos));
    assertThat(thrown).isInstanceOf(ConfigException.class);
    return thrown.getMessage();
  }

  @Test
  void theDescriptorsBuiltFromSchemaProtosDescribeTheInventory() throws IOException {
    Files.writeString(dir.resolve("inventory.yaml"), GOOD);

    assertThat(new BindingLoader(Map.of(), Map.of()).load(dir, schema, Map.of(), protos).fields()).hasSize(1);
  }

  @Test
  void unknownServiceIsRefused() throws IOException {
    assertThat(refusal(GOOD.replace("InventoryService/", "StockService/")))
        .contains("inventory.yaml:8", "no gRPC service 'inventory.v1.StockService'", "Known services, closest first: inventory.v1.InventoryService");
  }

  @Test
  void unknownMethodIsRefused() throws IOException {
    assertThat(refusal(GOOD.replace("/GetStock", "/GetStocks")))
        .contains("has no method 'GetStocks'. Did you mean 'GetStock'?", "Its methods, closest first: GetStock");
  }

  @Test
  void requestFieldTheMessageLacksIsRefused() throws IOException {
    assertThat(refusal(GOOD.replace("product_ids:", "productIdz:")))
        .contains("inventory.yaml:9", "message inventory.v1.StockRequest has no field 'productIdz'", "product_ids");
  }

  @Test
  void jsonNamesOfFieldsAreAccepted() throws IOException {
    Files.writeString(dir.resolve("inventory.yaml"), GOOD.replace("product_ids:", "productIds:"));

    assertThat(new BindingLoader(Map.of(), Map.of()).load(dir, schema, Map.of(), protos).fields()).hasSize(1);
  }

  @Test
  void restStyleBindingOnAGrpcBackendIsRefused() throws IOException {
    assertThat(refusal(GOOD.replace("rpc: inventory.v1.InventoryService/GetStock\n    request: { product_ids: \"{args.ids}\" }",
        "get: /stock")))
        .contains("'inventory' is a gRPC backend; bind it with rpc:");
  }

  @Test
  void badAddressIsRefused() throws IOException {
    assertThat(refusal(GOOD.replace("grpc: 127.0.0.1:7105", "grpc: http://127.0.0.1")))
        .contains("inventory.yaml:3", "is not host:port");
  }

  @Test
  void aDescriptorWhoseImportIsMissingIsRefused() {
    FileDescriptorProto orphan = FileDescriptorProto.newBuilder().setName("a.proto").addDependency("missing.proto").build();

    assertThat(catchThrowable(() -> ProtoRegistry.of(List.of(orphan), "server reflection of backend 'x'")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("a.proto imports missing.proto");
  }
}

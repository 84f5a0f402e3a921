package dev.sheaf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Timestamp;
import dev.sheaf.backend.grpc.ProtoFolder;
import dev.sheaf.backend.grpc.ProtoRegistry;
import dev.sheaf.config.ConfigException;
import dev.sheaf.config.GatewayConfig;
import dev.sheaf.config.WarmupConfig;
import dev.sheaf.mock.MockBackends;
import dev.sheaf.mock.MockOptions;
import dev.sheaf.mock.ShopData;
import dev.sheaf.mock.inventory.InventoryData;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;
import io.vertx.grpc.reflection.ReflectionService;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.Service;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stock gateway reads a configuration's proto folder when it starts: a team adds a .proto (or a
 * compiled descriptor set) next to its schema and binds it, with no protoc and no rebuild.
 */
class ProtoFolderGatewayTest {

  static final String CLOCK_PROTO = """
      syntax = "proto3";

      package clock.v1;

      import "google/protobuf/timestamp.proto";

      service ClockService {
        rpc Now(NowRequest) returns (NowReply);
      }

      message NowRequest {
        string zone = 1;
      }

      message NowReply {
        google.protobuf.Timestamp at = 1;
      }
      """;

  static final String CLOCK_SCHEMA = """
      extend type Query {
        "The clock service's time in a zone, RFC 3339."
        serverTime(zone: String!): String
      }
      """;

  static final String CLOCK_BINDING = """
      backends:
        clock:
          grpc: ${CLOCK_ADDRESS}
          tls: false
          timeout: 1s

      fields:
        Query.serverTime:
          backend: clock
          rpc: clock.v1.ClockService/Now
          request: { zone: "{args.zone}" }
          select: at
      """;

  @TempDir
  Path config;
  Path schema;
  Path resolvers;
  Vertx vertx;
  MockBackends mocks;
  Sheaf sheaf;

  @BeforeEach
  void copySample() throws IOException {
    schema = config.resolve("schema");
    resolvers = Files.createDirectories(config.resolve("resolvers"));
    copyTree(TestGateway.SCHEMA, schema);
    TestGateway.copySampleResolvers(resolvers, text -> text);
    vertx = Vertx.vertx();
    mocks = TestGateway.await(MockBackends.start(vertx, MockOptions.randomPorts()));
  }

  @AfterEach
  void close() {
    if (sheaf != null) {
      TestGateway.await(sheaf.close());
    }
    TestGateway.await(mocks.closeAsync());
    TestGateway.await(vertx.close());
  }

  @Test
  void aNewProtoImportingTimestampIsBoundAndAnswers() throws IOException {
    write(schema.resolve("protos/clock/v1/clock.proto"), CLOCK_PROTO);
    write(schema.resolve("clock.graphqls"), CLOCK_SCHEMA);
    write(resolvers.resolve("clock.yaml"), CLOCK_BINDING);
    HttpServer clock = startClock(ProtoRegistry.of(ProtoFolder.read(schema.resolve("protos")), "test")
        .method("clock.v1.ClockService", "Now"));

    start(Map.of("CLOCK_ADDRESS", "127.0.0.1:" + clock.actualPort()));
    JsonObject body = query("{ serverTime(zone: \"UTC\") }");

    assertThat(body.containsKey("errors")).as(body.encode()).isFalse();
    // A Timestamp, by the proto3 JSON mapping: the parsed file uses protobuf's own descriptor of it.
    assertThat(body.getJsonObject("data").getString("serverTime")).isEqualTo("2026-01-02T03:04:05Z");
  }

  @Test
  void aNewProtoAndBindingDroppedIntoARunningGatewaysConfigurationAnswerWithoutARestart() throws Exception {
    // The clock team's server runs; the gateway knows nothing of it yet.
    HttpServer clock = startClock(ProtoRegistry.of(ProtoFolder.read(
        write(config.resolve("clock-team/clock.proto"), CLOCK_PROTO).getParent()), "test")
        .method("clock.v1.ClockService", "Now"));
    start(Map.of("CLOCK_ADDRESS", "127.0.0.1:" + clock.actualPort()));
    assertThat(query("{ serverTime(zone: \"UTC\") }").getJsonArray("errors")).as("not in the schema yet").isNotEmpty();

    long dropped = System.nanoTime();
    write(schema.resolve("protos/clock/v1/clock.proto"), CLOCK_PROTO);
    write(schema.resolve("clock.graphqls"), CLOCK_SCHEMA);
    write(resolvers.resolve("clock.yaml"), CLOCK_BINDING);
    JsonObject body = query("{ serverTime(zone: \"UTC\") }");
    while (body.getJsonObject("data") == null && System.nanoTime() - dropped < 15_000_000_000L) {
      Thread.sleep(50); // the test thread polls; the gateway's watch looks twice a second
      body = query("{ serverTime(zone: \"UTC\") }");
    }
    long answeredAfterMillis = (System.nanoTime() - dropped) / 1_000_000;

    assertThat(body.containsKey("errors")).as(body.encode()).isFalse();
    assertThat(body.getJsonObject("data").getString("serverTime")).isEqualTo("2026-01-02T03:04:05Z");
    // The target is 2 s; the bound is generous for a busy machine, the log line records the time.
    assertThat(answeredAfterMillis).isLessThan(10_000);
    System.out.println("a new .proto and binding answered " + answeredAfterMillis + " ms after they were written");
  }

  @Test
  void aReflectionAnswerImportingTimestampBuildsWithoutIt() throws IOException {
    // The gateway has no clock.proto here: the clock server describes itself.
    Path elsewhere = write(config.resolve("clock-team/clock.proto"), CLOCK_PROTO);
    write(schema.resolve("clock.graphqls"), CLOCK_SCHEMA);
    write(resolvers.resolve("clock.yaml"), CLOCK_BINDING.replace("timeout: 1s", "timeout: 1s\n    descriptors: reflection"));
    HttpServer clock = startClock(ProtoRegistry.of(ProtoFolder.read(elsewhere.getParent()), "test")
        .method("clock.v1.ClockService", "Now"));

    start(Map.of("CLOCK_ADDRESS", "127.0.0.1:" + clock.actualPort()));
    JsonObject body = query("{ serverTime(zone: \"UTC\") }");

    assertThat(body.containsKey("errors")).as(body.encode()).isFalse();
    assertThat(body.getJsonObject("data").getString("serverTime")).isEqualTo("2026-01-02T03:04:05Z");
  }

  @Test
  void theSampleBindingAnswersFromACompiledDescriptorSetInsteadOfSources() throws IOException {
    deleteTree(schema.resolve("protos"));
    Files.createDirectories(schema.resolve("protos"));
    // protoc's set for schema/protos (written by backends-mock's build), as buf build -o would write it.
    try (InputStream in = getClass().getResourceAsStream("/sheaf/protos.pb")) {
      Files.write(schema.resolve("protos/inventory.binpb"), in.readAllBytes());
    }

    start(Map.of());
    JsonObject body = query("{ user(id: \"42\") { recommendations { id stock { available warehouse } } } }");

    assertThat(body.containsKey("errors")).as(body.encode()).isFalse();
    String first = ShopData.recommendedProductIds("42").get(0);
    JsonObject stock = body.getJsonObject("data").getJsonObject("user").getJsonArray("recommendations")
        .getJsonObject(0).getJsonObject("stock");
    assertThat(stock.getString("warehouse"))
        .isEqualTo(InventoryData.warehouse(ShopData.productNumber(first).orElseThrow()));
    assertThat(mocks.inventory().calls()).isEqualTo(1);
  }

  @Test
  void aBrokenProtoStopsTheStartNamingFileAndLine() throws IOException {
    Path broken = schema.resolve("protos/clock/v1/clock.proto");
    write(broken, CLOCK_PROTO.replace("google.protobuf.Timestamp at = 1;", "Timestmp at = 1;"));

    Throwable failure = catchThrowable(() -> start(Map.of()));

    assertThat(failure).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(broken + ":16:3: unable to resolve Timestmp");
  }

  private void start(Map<String, String> extraVars) {
    Map<String, String> vars = new java.util.HashMap<>(Map.of(
        "USERS_URL", mocks.users().baseUrl(),
        "ORDERS_URL", mocks.orders().baseUrl(),
        "CATALOG_URL", mocks.catalog().baseUrl(),
        "RECOMMENDATIONS_URL", mocks.recommendations().baseUrl(),
        "INVENTORY_ADDRESS", mocks.inventory().address()));
    vars.putAll(extraVars);
    GatewayConfig gateway = GatewayConfig.defaults().withHost("127.0.0.1").withPort(0).withAdminPort(0)
        .withDirs(schema, resolvers).withVars(vars).withWarmup(WarmupConfig.OFF);
    sheaf = TestGateway.await(Sheaf.start(vertx, gateway));
  }

  private JsonObject query(String query) {
    return TestGateway.await(WebClient.create(vertx).post(sheaf.port(), "127.0.0.1", "/graphql")
        .sendJsonObject(new JsonObject().put("query", query))).bodyAsJsonObject();
  }

  /** A gRPC server for the clock.proto, built from the same run-time descriptors: no generated code. */
  private HttpServer startClock(MethodDescriptor now) {
    DynamicMessage reply = DynamicMessage.newBuilder(now.getOutputType())
        .setField(now.getOutputType().findFieldByName("at"), Timestamp.newBuilder().setSeconds(1767323045).build())
        .build();
    ServiceName name = ServiceName.create("clock.v1.ClockService");
    ServiceMethod<DynamicMessage, DynamicMessage> method = ServiceMethod.server(name, "Now",
        GrpcMessageEncoder.encoder(), GrpcMessageDecoder.decoder(DynamicMessage.getDefaultInstance(now.getInputType())));
    GrpcServer grpc = GrpcServer.server(vertx)
        .addService(Service.service(name, now.getService())
            .bind(method, request -> request.handler(message -> request.response().end(reply)))
            .build())
        .addService(ReflectionService.v1());
    return TestGateway.await(vertx.createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(true))
        .requestHandler(grpc).listen(0, "127.0.0.1"));
  }

  private static Path write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text);
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path source : walk.toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}

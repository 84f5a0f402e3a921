package dev.sheaf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.config.GatewayConfig;
import dev.sheaf.mock.ShopData;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A gRPC backend described by its own server reflection instead of .proto files. */
class GrpcReflectionTest {

  @Test
  void descriptorsFromServerReflectionServeTheBinding(@TempDir Path resolvers) throws IOException {
    TestGateway.copySampleResolvers(resolvers, text -> text);
    Path inventory = resolvers.resolve("inventory.yaml");
    Files.writeString(inventory, Files.readString(inventory).replace("    tls: false\n",
        "    tls: false\n    descriptors: reflection\n"));
    assertThat(Files.readString(inventory)).contains("descriptors: reflection");

    try (TestGateway gateway = TestGateway.start(GatewayConfig.defaults(), resolvers)) {
      JsonObject body = gateway.query("{ user(id: \"42\") { recommendations { id stock { warehouse } } } }");

      assertThat(body.containsKey("errors")).as(body.encode()).isFalse();
      assertThat(body.getJsonObject("data").getJsonObject("user").getJsonArray("recommendations"))
          .hasSize(ShopData.recommendedProductIds("42").size());
      assertThat(gateway.mocks.inventory().calls()).isEqualTo(1);
    }
  }

  @Test
  void aBackendWithoutReflectionRefusesStartUp(@TempDir Path resolvers) throws IOException {
    Files.writeString(resolvers.resolve("shop.yaml"), Files.readString(TestGateway.RESOLVERS.resolve("shop.yaml")));
    Files.writeString(resolvers.resolve("inventory.yaml"), Files.readString(TestGateway.RESOLVERS.resolve("inventory.yaml"))
        .replace("    tls: false\n", "    tls: false\n    descriptors: reflection\n")
        .replace("${INVENTORY_ADDRESS:-127.0.0.1:7105}", "127.0.0.1:1"));

    Throwable failure = org.assertj.core.api.Assertions.catchThrowable(
        () -> TestGateway.start(GatewayConfig.defaults(), resolvers));

    assertThat(failure).hasMessageContaining("server reflection of backend 'inventory' failed")
        .hasMessageContaining("descriptors: protos");
  }

  @Test
  void aServiceTheBackendDoesNotOfferIsRefusedAtItsBindingNamingTheOffered(@TempDir Path dir) throws IOException {
    Path resolvers = Files.createDirectories(dir.resolve("resolvers"));
    try (TestGateway running = TestGateway.start(); CapturedLog log = new CapturedLog()) {
      TestGateway.copySampleResolvers(resolvers, yaml -> yaml
          .replace("    tls: false\n", "    tls: false\n    descriptors: reflection\n")
          .replace("${INVENTORY_ADDRESS:-127.0.0.1:7105}", running.mocks.inventory().address())
          .replace("rpc: inventory.v1.InventoryService/GetStock", "rpc: inventory.v1.StockService/GetStock"));

      int status = Main.check(new String[] {"--check", "--log-format=text", "--check-reflection", "--resolvers=" + resolvers},
          Main.Prelude.NONE, Map.of());

      assertThat(status).isEqualTo(1);
      assertThat(log.text()).contains("inventory.yaml:18: entities.Stock.rpc: no gRPC service 'inventory.v1.StockService'"
          + " is described.", "Known services, closest first: inventory.v1.InventoryService")
          .doesNotContain("grpc.reflection", "does not know");
    }
  }
}

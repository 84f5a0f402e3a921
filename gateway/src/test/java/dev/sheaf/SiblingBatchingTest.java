package dev.sheaf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.mock.Knobs;
import dev.sheaf.mock.inventory.InventoryData;
import dev.sheaf.mock.inventory.RecordedCall;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lookups of one entity type made at one level of a query go out as one call, even when the
 * sibling root fields whose children make them answer at different times.
 */
class SiblingBatchingTest {

  /** Three root fields, three separate catalog calls; the stock of all four products is level 2. */
  private static final String QUERY = """
      {
        a: product(id: "p1") { id stock { available } }
        b: catalogProduct(id: "p2") { id stock { available } }
        c: catalogProducts(ids: ["p3", "p4"]) { id stock { available } }
      }""";

  @TempDir
  static Path dir;

  static TestGateway gateway;

  @BeforeAll
  static void start() throws IOException {
    Path schema = Files.createDirectories(dir.resolve("schema"));
    Path resolvers = Files.createDirectories(dir.resolve("resolvers"));
    TestGateway.copySampleSchema(schema, sdl -> sdl.replace("type Query {\n", """
        type Query {
          catalogProduct(id: ID!): Product
          catalogProducts(ids: [ID!]!): [Product]
        """));
    // Generous timeouts: a first gRPC connection on a busy machine is no batching question.
    TestGateway.copySampleResolvers(resolvers, yaml -> yaml.replace("timeout: 300ms", "timeout: 10s")
        .replace("fields:\n  Query.user:\n", """
        fields:
          Query.catalogProduct:
            backend: catalog
            get: /products/{args.id}
          Query.catalogProducts:
            backend: catalog
            get: /products
            query: { ids: "{args.ids}" }
            select: products
          Query.user:
        """));
    gateway = TestGateway.startOn(schema, resolvers);
    // The three catalog calls answer at different times, up to 150 ms apart.
    gateway.mocks.catalog().setKnobs(Knobs.none().withJitter(150));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @RepeatedTest(5)
  void theStockOfEveryRootFieldsProductsComesFromOneGetStockCall() {
    gateway.mocks.resetStats();

    JsonObject body = gateway.query(QUERY, Map.of());

    assertThat(body.containsKey("errors")).as(body.encode()).isFalse();
    JsonObject data = body.getJsonObject("data");
    assertThat(data.getJsonObject("a").getJsonObject("stock").getInteger("available"))
        .isEqualTo(InventoryData.available(1));
    assertThat(data.getJsonObject("b").getJsonObject("stock").getInteger("available"))
        .isEqualTo(InventoryData.available(2));
    for (Object product : data.getJsonArray("c")) { // the catalog answers a list in its own order
      JsonObject p = (JsonObject) product;
      int number = Integer.parseInt(p.getString("id").substring(1));
      assertThat(p.getJsonObject("stock").getInteger("available")).isEqualTo(InventoryData.available(number));
    }
    assertThat(gateway.mocks.catalog().calls()).isEqualTo(3);
    assertThat(gateway.mocks.inventory().calls()).isEqualTo(1);
    RecordedCall call = gateway.mocks.inventory().requests().get(0);
    assertThat(call.productIds()).containsExactlyInAnyOrderElementsOf(List.of("p1", "p2", "p3", "p4"));
  }
}

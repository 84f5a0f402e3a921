package dev.sheaf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.mock.Knobs;
import dev.sheaf.mock.RecordedRequest;
import dev.sheaf.mock.ShopData;
import dev.sheaf.mock.inventory.GrpcKnobs;
import dev.sheaf.mock.inventory.InventoryData;
import dev.sheaf.mock.inventory.RecordedCall;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.grpc.common.GrpcStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The home screen over REST and gRPC: stock comes from the inventory's GetStock, bound without generated code. */
class GrpcBindingTest {

  static final String HOME = """
      query Home($id: ID!) {
        user(id: $id) {
          name
          orders(limit: 2) { id }
          recommendations { id name price stock { available warehouse } }
        }
      }""";

  @RegisterExtension
  static final TestGateway gateway = TestGateway.perClass();

  private static JsonObject home(String userId) {
    return gateway.query(HOME, Map.of("id", userId));
  }

  private static JsonArray recommendations(JsonObject body) {
    return body.getJsonObject("data").getJsonObject("user").getJsonArray("recommendations");
  }

  @Test
  void stockOfEveryRecommendedProductComesFromOneGetStockCall() {
    JsonObject body = home("42");

    assertThat(body.containsKey("errors")).as(body.encode()).isFalse();
    List<String> ids = ShopData.recommendedProductIds("42");
    JsonArray products = recommendations(body);
    for (int i = 0; i < ids.size(); i++) {
      int number = ShopData.productNumber(ids.get(i)).orElseThrow();
      JsonObject stock = products.getJsonObject(i).getJsonObject("stock");
      assertThat(stock.getInteger("available")).isEqualTo(InventoryData.available(number));
      assertThat(stock.getString("warehouse")).isEqualTo(InventoryData.warehouse(number));
    }
    assertThat(gateway.mocks.inventory().calls()).isEqualTo(1);
    RecordedCall call = gateway.mocks.inventory().requests().get(0);
    assertThat(call.method()).isEqualTo("inventory.v1.InventoryService/GetStock");
    assertThat(call.productIds()).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(gateway.mocks.catalog().calls()).isEqualTo(1);
  }

  @Test
  void aProductOutOfStockShowsZeroNotNull() {
    // Zero is proto3's default value: it must still reach the client as 0.
    String userId = java.util.stream.IntStream.rangeClosed(1, 1000).mapToObj(String::valueOf)
        .filter(id -> ShopData.recommendedProductIds(id).stream()
            .anyMatch(p -> ShopData.productNumber(p).isPresent()
                && InventoryData.available(ShopData.productNumber(p).getAsInt()) == 0))
        .findFirst().orElseThrow();

    JsonArray products = recommendations(home(userId));

    assertThat(products.stream().map(p -> ((JsonObject) p).getJsonObject("stock").getInteger("available")))
        .contains(0);
  }

  @Test
  void catalogAndInventoryAreInFlightTogether() {
    gateway.mocks.catalog().setKnobs(Knobs.none().withLatency(250));
    gateway.mocks.inventory().setKnobs(GrpcKnobs.none().withLatency(250));

    home("42");

    RecordedRequest catalog = gateway.mocks.catalog().requests().get(0);
    RecordedCall inventory = gateway.mocks.inventory().requests().get(0);
    long apartMs = Math.abs(catalog.receivedAtNanos() - inventory.receivedAtNanos()) / 1_000_000;
    // Each call takes 250 ms; had one waited for the other they would arrive >= 250 ms apart.
    assertThat(apartMs).isLessThan(200);
  }

  @Test
  void grpcTimeoutIsNoGreaterThanTheRemainingBudget() {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("sheaf-timeout", "150ms");
    gateway.post(new JsonObject().put("query", HOME).put("variables", Map.of("id", "42")).toBuffer(), headers);
    home("43");

    List<RecordedCall> calls = gateway.mocks.inventory().requests();
    assertThat(calls).hasSize(2);
    assertThat(calls.get(0).grpcTimeoutMillis()).isPositive().isLessThanOrEqualTo(150);
    assertThat(calls.get(1).grpcTimeoutMillis()).isPositive().isLessThanOrEqualTo(300); // the backend's timeout
  }

  @Test
  void hangingInventoryYieldsNullStockAndTheRestOfTheScreen() throws InterruptedException {
    gateway.mocks.inventory().setKnobs(GrpcKnobs.none().withHang(true));

    long start = System.nanoTime();
    JsonObject body = home("42");
    long elapsedMs = (System.nanoTime() - start) / 1_000_000;

    JsonObject user = body.getJsonObject("data").getJsonObject("user");
    assertThat(user.getString("name")).isNotBlank();
    assertThat(user.getJsonArray("orders")).hasSize(2);
    JsonArray products = user.getJsonArray("recommendations");
    assertThat(products).isNotEmpty();
    products.forEach(p -> {
      assertThat(((JsonObject) p).getString("name")).isNotBlank();
      assertThat(((JsonObject) p).getValue("stock")).isNull();
    });
    JsonArray errors = body.getJsonArray("errors");
    assertThat(errors).hasSize(products.size());
    errors.forEach(e -> {
      JsonObject ext = ((JsonObject) e).getJsonObject("extensions");
      assertThat(ext.getString("code")).isEqualTo("BACKEND_TIMEOUT");
      assertThat(ext.getString("backend")).isEqualTo("inventory");
    });
    // The inventory's timeout is 300 ms: generous margin, far below a hang.
    assertThat(elapsedMs).isBetween(250L, 2_500L);
    // The gateway cancelled the hung call (RST_STREAM): the backend holds nothing for it.
    long until = System.nanoTime() + 2_000_000_000L;
    while (gateway.mocks.inventory().inFlight() > 0 && System.nanoTime() < until) {
      Thread.sleep(10);
    }
    assertThat(gateway.mocks.inventory().inFlight()).isZero();
  }

  @ParameterizedTest
  @CsvSource({
      "DEADLINE_EXCEEDED, BACKEND_TIMEOUT",
      "UNAVAILABLE, BACKEND_UNAVAILABLE",
      "INVALID_ARGUMENT, BAD_USER_INPUT",
      "PERMISSION_DENIED, FORBIDDEN",
      "UNAUTHENTICATED, UNAUTHENTICATED",
      "INTERNAL, BACKEND_ERROR",
      "RESOURCE_EXHAUSTED, BACKEND_ERROR"})
  void grpcStatusesMapToStableCodes(String status, String code) {
    gateway.mocks.inventory().setKnobs(GrpcKnobs.none().withGrpcStatus(GrpcStatus.valueOf(status)));

    JsonObject body = home("42");

    JsonObject error = body.getJsonArray("errors").getJsonObject(0);
    assertThat(error.getJsonObject("extensions").getString("code")).isEqualTo(code);
    assertThat(error.getJsonObject("extensions").getString("backend")).isEqualTo("inventory");
    assertThat(error.getJsonArray("path").getList()).endsWith("stock");
    if (code.equals("BACKEND_ERROR")) {
      assertThat(error.getJsonObject("extensions").getString("grpcStatus")).isEqualTo(status);
    }
    assertThat(body.encode()).doesNotContain("injected"); // the status message stays in the log
    assertThat(recommendations(body).getJsonObject(0).getString("name")).isNotBlank();
  }

  @Test
  void notFoundMakesStockNullWithoutAnError() {
    gateway.mocks.inventory().setKnobs(GrpcKnobs.none().withGrpcStatus(GrpcStatus.NOT_FOUND));

    JsonObject body = home("42");

    assertThat(body.containsKey("errors")).as(body.encode()).isFalse();
    recommendations(body).forEach(p -> assertThat(((JsonObject) p).getValue("stock")).isNull());
  }
}

package dev.sheaf.mock;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.sheaf.mock.BlockingHttp.TIMEOUT_MS;
import static dev.sheaf.mock.BlockingHttp.await;
import static dev.sheaf.mock.BlockingHttp.awaitFailure;
import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.PATCH;
import static io.vertx.core.http.HttpMethod.POST;
import static io.vertx.core.http.HttpMethod.PUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The four mock services on random ports, exercised over real HTTP. */
@ExtendWith(VertxExtension.class)
class MockBackendsTest {

  private Vertx vertx;
  private BlockingHttp http;
  private MockBackends backends;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    this.vertx = vertx;
    this.http = new BlockingHttp(vertx);
    this.backends = await(MockBackends.start(vertx, MockOptions.randomPorts()));
  }

  @AfterEach
  void stop() {
    http.close();
    backends.close();
  }

  // ---- shop data ----

  @Test
  void usersServesTheDeterministicUserAnd404sOtherIds() throws Exception {
    HttpResponse<Buffer> found = http.get(backends.users(), "/users/42");
    assertThat(found.statusCode()).isEqualTo(200);
    assertThat(found.getHeader("content-type")).isEqualTo("application/json");
    assertThat(found.bodyAsJsonObject()).isEqualTo(ShopData.user("42").orElseThrow());

    for (String unknown : List.of("0", "1001", "042", "abc")) {
      HttpResponse<Buffer> missing = http.get(backends.users(), "/users/" + unknown);
      assertThat(missing.statusCode()).as(unknown).isEqualTo(404);
      assertThat(missing.bodyAsJsonObject()).isEqualTo(new JsonObject().put("error", "user not found"));
    }
  }

  @Test
  void patchRenamesAUserUntilAdminReset() throws Exception {
    HttpResponse<Buffer> patched = http.send(PATCH, backends.users(), "/users/7", new JsonObject().put("fullName", "Jo"));
    assertThat(patched.statusCode()).isEqualTo(200);
    assertThat(patched.bodyAsJsonObject()).isEqualTo(ShopData.user("7").orElseThrow().put("fullName", "Jo"));

    backends.resetStats();
    assertThat(fullNameOfUser7()).isEqualTo("Jo");

    http.send(POST, backends.users(), "/_mock/reset");
    assertThat(fullNameOfUser7()).isEqualTo(ShopData.user("7").orElseThrow().getString("fullName"));
    assertThat(http.send(PATCH, backends.users(), "/users/7", new JsonObject().put("tier", "GOLD")).statusCode())
        .isEqualTo(400);
  }

  @Test
  void ordersAreListedNewestFirstUpToTheLimit() throws Exception {
    JsonArray two = http.get(backends.orders(), "/users/42/orders?limit=2").bodyAsJsonObject().getJsonArray("orders");
    assertThat(two).isEqualTo(new JsonArray(ShopData.orders("42").subList(0, 2)));
    assertThat(two.getJsonObject(0).getString("id")).isEqualTo("o-42-1");

    JsonArray all = http.get(backends.orders(), "/users/42/orders").bodyAsJsonObject().getJsonArray("orders");
    assertThat(all).hasSize(ShopData.ORDERS_PER_USER);

    HttpResponse<Buffer> badLimit = http.get(backends.orders(), "/users/42/orders?limit=zero");
    assertThat(badLimit.statusCode()).isEqualTo(400);
    assertThat(badLimit.bodyAsJsonObject().getString("error")).isEqualTo("limit must be a positive integer");

    assertThat(http.get(backends.orders(), "/users/5000/orders").bodyAsJsonObject())
        .isEqualTo(new JsonObject().put("orders", new JsonArray()));
  }

  @Test
  void placedOrdersCostTheCatalogPricesAndComeFirst() throws Exception {
    HttpResponse<Buffer> placed = http.send(POST, backends.orders(), "/users/42/orders",
        new JsonObject().put("productIds", new JsonArray().add("p1").add("p2")));
    assertThat(placed.statusCode()).isEqualTo(201);
    JsonObject order = placed.bodyAsJsonObject();
    assertThat(order.getString("id")).isEqualTo("o-42-6");
    assertThat(order.getString("status")).isEqualTo("PLACED");
    assertThat(order.getDouble("total")).isEqualTo(ShopData.orderTotal(List.of("p1", "p2")).orElseThrow().doubleValue());

    JsonArray orders = http.get(backends.orders(), "/users/42/orders").bodyAsJsonObject().getJsonArray("orders");
    assertThat(orders.getJsonObject(0)).isEqualTo(order);

    assertThat(http.send(DELETE, backends.orders(), "/orders/o-42-6").bodyAsJsonObject())
        .isEqualTo(new JsonObject().put("id", "o-42-6").put("status", "CANCELLED"));
    assertThat(http.send(DELETE, backends.orders(), "/orders/o-42-9").statusCode()).isEqualTo(404);
  }

  @Test
  void catalogBatchOmitsUnknownIdsAndAnswersInReverseOrder() throws Exception {
    assertThat(http.get(backends.catalog(), "/products/p7").bodyAsJsonObject())
        .isEqualTo(ShopData.product("p7").orElseThrow());
    assertThat(http.get(backends.catalog(), "/products/p501").statusCode()).isEqualTo(404);

    JsonArray products = http.get(backends.catalog(), "/products?ids=p1,p9999,p2,p1&ids=p3")
        .bodyAsJsonObject().getJsonArray("products");
    assertThat(products).isEqualTo(new JsonArray(List.of(
        ShopData.product("p3").orElseThrow(), ShopData.product("p2").orElseThrow(),
        ShopData.product("p1").orElseThrow())));

    assertThat(http.get(backends.catalog(), "/products").statusCode()).isEqualTo(400);
  }

  @Test
  void recommendationsEndWithAnUnknownProductForMultiplesOf13() throws Exception {
    JsonObject for26 = http.get(backends.recommendations(), "/users/26/recommendations").bodyAsJsonObject();
    assertThat(for26).isEqualTo(new JsonObject()
        .put("userId", "26").put("productIds", new JsonArray(ShopData.recommendedProductIds("26"))));
    assertThat(for26.getJsonArray("productIds")).hasSize(5).endsWith(ShopData.UNKNOWN_PRODUCT_ID);

    JsonArray for42 = http.get(backends.recommendations(), "/users/42/recommendations")
        .bodyAsJsonObject().getJsonArray("productIds");
    assertThat(for42).hasSize(4).doesNotHaveDuplicates().doesNotContain(ShopData.UNKNOWN_PRODUCT_ID);

    assertThat(http.get(backends.recommendations(), "/users/nobody/recommendations").bodyAsJsonObject())
        .isEqualTo(new JsonObject().put("userId", "nobody").put("productIds", new JsonArray()));
  }

  @Test
  void unknownPathsAre404AndWrongMethods405() throws Exception {
    HttpResponse<Buffer> notFound = http.get(backends.users(), "/nowhere");
    assertThat(notFound.statusCode()).isEqualTo(404);
    assertThat(notFound.bodyAsJsonObject()).isEqualTo(new JsonObject().put("error", "not found"));
    assertThat(http.send(DELETE, backends.users(), "/users/1").statusCode()).isEqualTo(405);
  }

  // ---- counters and recording ----

  @Test
  void countsConcurrentCallsAndReturnsToZeroInFlight() throws Exception {
    backends.users().setKnobs(Knobs.none().withLatency(300));
    await(Future.all(List.of(
        http.start(backends.users(), "/users/1"), http.start(backends.users(), "/users/2"),
        http.start(backends.users(), "/users/3"))));

    assertThat(backends.users().calls()).isEqualTo(3);
    assertThat(backends.users().maxInFlight()).isEqualTo(3);
    assertThat(backends.users().inFlight()).isZero();
    assertThat(backends.orders().calls()).isZero();

    backends.resetStats();
    assertThat(backends.users().calls()).isZero();
    assertThat(backends.users().maxInFlight()).isZero();
    assertThat(backends.users().requests()).isEmpty();
  }

  @Test
  void maxInFlightTotalCountsAcrossServices() throws Exception {
    backends.setKnobsForAll(Knobs.none().withLatency(300));
    await(Future.all(List.of(
        http.start(backends.users(), "/users/1"), http.start(backends.orders(), "/users/1/orders"),
        http.start(backends.catalog(), "/products/p1"))));

    assertThat(backends.maxInFlightTotal()).isEqualTo(3);
    assertThat(backends.all()).allSatisfy(service -> assertThat(service.maxInFlight()).isLessThanOrEqualTo(1));
  }

  @Test
  void recordsRequestsButNotAdminCalls() throws Exception {
    await(http.client().getAbs(backends.orders().baseUrl() + "/users/9/orders?limit=2&tag=a%20b")
        .putHeader("X-Request-Id", "abc-123").send());
    http.get(backends.orders(), "/_mock/stats");

    assertThat(backends.orders().calls()).isEqualTo(1);
    RecordedRequest recorded = backends.orders().requests().get(0);
    assertThat(recorded.method()).isEqualTo("GET");
    assertThat(recorded.path()).isEqualTo("/users/9/orders");
    assertThat(recorded.header("x-request-id")).isEqualTo("abc-123");
    assertThat(recorded.header("X-REQUEST-ID")).isEqualTo("abc-123");
    assertThat(recorded.queryParam("limit")).isEqualTo("2");
    assertThat(recorded.queryParam("tag")).isEqualTo("a b");
    assertThat(recorded.queryParam("missing")).isNull();
  }

  // ---- knobs ----

  @Test
  void latencyDelaysTheResponse() throws Exception {
    backends.catalog().setKnobs(Knobs.none().withLatency(300));
    long start = System.nanoTime();
    assertThat(http.get(backends.catalog(), "/products/p1").statusCode()).isEqualTo(200);
    assertThat(elapsedMs(start)).isBetween(290L, TIMEOUT_MS);
  }

  @Test
  void errorStatusFailsWithAnInjectedError() throws Exception {
    backends.users().setKnobs(Knobs.none().withErrorStatus(503));
    HttpResponse<Buffer> failed = http.get(backends.users(), "/users/1");
    assertThat(failed.statusCode()).isEqualTo(503);
    assertThat(failed.bodyAsJsonObject()).isEqualTo(new JsonObject().put("error", "injected failure"));
  }

  @Test
  void malformedJsonIsA200ThatDoesNotParse() throws Exception {
    backends.users().setKnobs(Knobs.none().withMalformedJson(true));
    HttpResponse<Buffer> malformed = http.get(backends.users(), "/users/1");
    assertThat(malformed.statusCode()).isEqualTo(200);
    assertThat(malformed.getHeader("content-type")).isEqualTo("application/json");
    assertThatThrownBy(malformed::bodyAsJsonObject).isInstanceOf(DecodeException.class);
  }

  @Test
  void resetConnectionClosesWithoutAResponse() throws Exception {
    backends.users().setKnobs(Knobs.none().withResetConnection(true));
    assertThat(awaitFailure(http.start(backends.users(), "/users/1"))).isNotNull();
    await(http.eventually(() -> backends.users().inFlight() == 0));
    assertThat(backends.users().calls()).isEqualTo(1);
  }

  @Test
  void hungRequestLeavesInFlightWhenTheClientGivesUp() throws Exception {
    backends.catalog().setKnobs(Knobs.none().withHang(true));
    WebClient impatient = WebClient.create(vertx);
    Future<HttpResponse<Buffer>> hung = impatient.getAbs(backends.catalog().baseUrl() + "/products/p1")
        .timeout(500).send();
    await(http.eventually(() -> backends.catalog().inFlight() == 1));

    assertThat(awaitFailure(hung)).hasMessageContaining("timeout");
    impatient.close();
    await(http.eventually(() -> backends.catalog().inFlight() == 0));
    assertThat(backends.maxInFlightTotal()).isEqualTo(1);
  }

  @Test
  void hungRequestLeavesInFlightWhenTheServerCloses() throws Exception {
    backends.catalog().setKnobs(Knobs.none().withHang(true));
    Future<HttpResponse<Buffer>> hung = http.start(backends.catalog(), "/products/p1");
    await(http.eventually(() -> backends.catalog().inFlight() == 1));

    await(backends.closeAsync());
    assertThat(awaitFailure(hung)).isNotNull();
    await(http.eventually(() -> backends.catalog().inFlight() == 0));
  }

  @Test
  void slowBodyStillDeliversTheWholeBody() throws Exception {
    backends.catalog().setKnobs(Knobs.none().withSlowBody(500));
    long start = System.nanoTime();
    HttpResponse<Buffer> slow = http.get(backends.catalog(), "/products?ids=p1,p2,p3");
    assertThat(elapsedMs(start)).isBetween(400L, TIMEOUT_MS);
    assertThat(slow.getHeader("transfer-encoding")).isEqualTo("chunked");
    assertThat(slow.bodyAsJsonObject().getJsonArray("products")).hasSize(3);
  }

  // ---- admin API ----

  @Test
  void adminKnobsUpdateIsPartialAndRejectsUnknownFields() throws Exception {
    backends.orders().setKnobs(Knobs.none().withLatency(5));
    HttpResponse<Buffer> updated = http.send(PUT, backends.orders(), "/_mock/knobs",
        new JsonObject().put("errorStatus", 502).put("jitterMs", "1s"));
    Knobs expected = Knobs.none().withLatency(5).withErrorStatus(502).withJitter(1000);
    assertThat(updated.statusCode()).isEqualTo(200);
    assertThat(updated.bodyAsJsonObject()).isEqualTo(expected.toJson());
    assertThat(backends.orders().knobs()).isEqualTo(expected);

    HttpResponse<Buffer> unknown = http.send(PUT, backends.orders(), "/_mock/knobs", new JsonObject().put("latency", 5));
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.bodyAsJsonObject().getString("error")).contains("'latency'");
    assertThat(http.send(PUT, backends.orders(), "/_mock/knobs", Buffer.buffer("{nope")).statusCode()).isEqualTo(400);
    assertThat(backends.orders().knobs()).isEqualTo(expected);
  }

  @Test
  void adminStatsAndResetAreNotCounted() throws Exception {
    backends.users().setKnobs(Knobs.none().withHang(true));
    assertThat(http.send(POST, backends.users(), "/_mock/reset").statusCode()).isEqualTo(204);
    assertThat(backends.users().knobs()).isEqualTo(Knobs.none());

    http.get(backends.users(), "/users/1");
    assertThat(http.get(backends.users(), "/_mock/stats").bodyAsJsonObject())
        .isEqualTo(new JsonObject().put("calls", 1).put("inFlight", 0).put("maxInFlight", 1));
  }

  @Test
  void servicesCanBeLookedUpByName() {
    assertThat(backends.service("catalog")).isSameAs(backends.catalog());
    assertThat(backends.service("inventory")).isSameAs(backends.inventory());
    assertThat(backends.all()).extracting(MockBackend::name)
        .containsExactly("users", "orders", "catalog", "recommendations", "inventory");
    assertThat(backends.users().baseUrl()).isEqualTo("http://127.0.0.1:" + backends.users().port());
    assertThatThrownBy(() -> backends.service("payments")).isInstanceOf(IllegalArgumentException.class);
  }

  private String fullNameOfUser7() throws Exception {
    return http.get(backends.users(), "/users/7").bodyAsJsonObject().getString("fullName");
  }

  private static long elapsedMs(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }
}

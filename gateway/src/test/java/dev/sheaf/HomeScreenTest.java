package dev.sheaf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.mock.Eventually;
import dev.sheaf.mock.Knobs;
import dev.sheaf.mock.RecordedRequest;
import dev.sheaf.mock.ShopData;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The sample home screen, over the wire, against the real mock backends. */
class HomeScreenTest {

  static final String HOME = """
      query Home($id: ID!) {
        user(id: $id) {
          name tier
          orders(limit: 3) { id total status }
          recommendations { id name price }
        }
      }""";

  @RegisterExtension
  static final TestGateway gateway = TestGateway.perClass();

  @Test
  void homeScreenReturnsTheBackendsDataMerged() {
    JsonObject body = gateway.query(HOME, Map.of("id", "42"));

    assertThat(body.containsKey("errors")).as(body.encode()).isFalse();
    JsonObject user = body.getJsonObject("data").getJsonObject("user");
    JsonObject expectedUser = ShopData.user("42").orElseThrow();
    assertThat(user.getString("name")).isEqualTo(expectedUser.getString("fullName"));
    assertThat(user.getString("tier")).isEqualTo(expectedUser.getString("tier"));

    JsonArray orders = user.getJsonArray("orders");
    List<JsonObject> expectedOrders = ShopData.orders("42").subList(0, 3);
    assertThat(orders).hasSize(3);
    for (int i = 0; i < 3; i++) {
      assertThat(orders.getJsonObject(i).getString("id")).isEqualTo(expectedOrders.get(i).getString("id"));
      assertThat(orders.getJsonObject(i).getDouble("total")).isEqualTo(expectedOrders.get(i).getDouble("total"));
      assertThat(orders.getJsonObject(i).getString("status")).isEqualTo(expectedOrders.get(i).getString("status"));
    }

    List<String> expectedIds = ShopData.recommendedProductIds("42");
    JsonArray recommendations = user.getJsonArray("recommendations");
    assertThat(recommendations).hasSize(expectedIds.size());
    for (int i = 0; i < expectedIds.size(); i++) {
      JsonObject product = recommendations.getJsonObject(i);
      JsonObject expected = ShopData.product(expectedIds.get(i)).orElseThrow();
      assertThat(product.getString("id")).isEqualTo(expectedIds.get(i));
      assertThat(product.getString("name")).isEqualTo(expected.getString("name"));
      assertThat(product.getDouble("price")).isEqualTo(expected.getDouble("price"));
    }
  }

  @Test
  void usersOrdersAndRecommendationsAreInFlightTogether() {
    Knobs slow = Knobs.none().withLatency(150);
    gateway.mocks.users().setKnobs(slow);
    gateway.mocks.orders().setKnobs(slow);
    gateway.mocks.recommendations().setKnobs(slow);

    JsonObject body = gateway.query(HOME, Map.of("id", "42"));

    assertThat(body.containsKey("errors")).as(body.encode()).isFalse();
    assertThat(gateway.mocks.users().calls()).isEqualTo(1);
    assertThat(gateway.mocks.orders().calls()).isEqualTo(1);
    assertThat(gateway.mocks.recommendations().calls()).isEqualTo(1);
    // All three first-level calls overlapped; the catalog batch came after the recommendations.
    assertThat(gateway.mocks.maxInFlightTotal()).isEqualTo(3);
  }

  @Test
  void childrenSelectedThroughFragmentsStartWithTheirParentToo() {
    Knobs slow = Knobs.none().withLatency(150);
    gateway.mocks.users().setKnobs(slow);
    gateway.mocks.orders().setKnobs(slow);
    gateway.mocks.recommendations().setKnobs(slow);
    String query = """
        query Home($id: ID!, $limit: Int!) {
          user(id: $id) { name ...Orders ... on User { recommendations { id } } }
        }
        fragment Orders on User { orders(limit: $limit) { id } }""";

    JsonObject body = gateway.query(query, Map.of("id", "42", "limit", 2));

    assertThat(body.containsKey("errors")).as(body.encode()).isFalse();
    assertThat(body.getJsonObject("data").getJsonObject("user").getJsonArray("orders")).hasSize(2);
    assertThat(gateway.mocks.orders().calls()).isEqualTo(1);
    assertThat(gateway.mocks.orders().requests().get(0).uri()).contains("limit=2");
    assertThat(gateway.mocks.maxInFlightTotal()).isEqualTo(3);
  }

  @Test
  void aChildUnderSkipIsNotStartedEarlyNorAtAll() {
    String query = """
        query Home($id: ID!, $noOrders: Boolean!) {
          user(id: $id) { name orders(limit: 3) @skip(if: $noOrders) { id } }
        }""";

    JsonObject body = gateway.query(query, Map.of("id", "42", "noOrders", true));

    assertThat(body.containsKey("errors")).as(body.encode()).isFalse();
    assertThat(body.getJsonObject("data").getJsonObject("user").containsKey("orders")).isFalse();
    assertThat(gateway.mocks.orders().calls()).isZero();
  }

  @Test
  void recommendedProductsCostExactlyOneCatalogCall() {
    gateway.query(HOME, Map.of("id", "42"));

    assertThat(gateway.mocks.catalog().calls()).isEqualTo(1);
    RecordedRequest call = gateway.mocks.catalog().requests().get(0);
    assertThat(call.path()).isEqualTo("/products");
    assertThat(List.of(call.queryParam("ids").split(",")))
        .containsExactlyInAnyOrderElementsOf(ShopData.recommendedProductIds("42"));
  }

  @Test
  void aKeyTheBatchAnswerLacksYieldsNullInItsPlace() {
    // Users whose id is divisible by 13 are recommended one product the catalog does not know,
    // and the catalog answers in reverse order: results must be matched by key, not position.
    JsonObject body = gateway.query(HOME, Map.of("id", "26"));

    List<String> ids = ShopData.recommendedProductIds("26");
    assertThat(ids).contains(ShopData.UNKNOWN_PRODUCT_ID);
    JsonArray recommendations = body.getJsonObject("data").getJsonObject("user").getJsonArray("recommendations");
    assertThat(recommendations).hasSize(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      if (ids.get(i).equals(ShopData.UNKNOWN_PRODUCT_ID)) {
        assertThat(recommendations.getValue(i)).isNull();
      } else {
        assertThat(recommendations.getJsonObject(i).getString("id")).isEqualTo(ids.get(i));
      }
    }
    assertThat(gateway.mocks.catalog().calls()).isEqualTo(1);
  }

  @Test
  void identicalCallsWithinOneRequestAreMadeOnce() {
    JsonObject body = gateway.query("""
        { a: user(id: "7") { name orders(limit: 2) { id } }
          b: user(id: "7") { tier orders(limit: 2) { status } }
          c: product(id: "p3") { name }
          d: product(id: "p4") { price } }""");

    assertThat(body.containsKey("errors")).as(body.encode()).isFalse();
    assertThat(gateway.mocks.users().calls()).isEqualTo(1);
    assertThat(gateway.mocks.orders().requests()).extracting(RecordedRequest::path)
        .containsExactly("/users/7/orders");
    assertThat(gateway.mocks.catalog().calls()).isEqualTo(1);
    assertThat(body.getJsonObject("data").getJsonObject("d").getDouble("price"))
        .isEqualTo(ShopData.product("p4").orElseThrow().getDouble("price"));
  }

  @Test
  void unknownUserIsNullWithoutError() {
    JsonObject body = gateway.query(HOME, Map.of("id", "99999"));

    assertThat(body.getJsonObject("data").getValue("user")).isNull();
    assertThat(body.containsKey("errors")).as(body.encode()).isFalse();
    // The children started with the user went out once each, and the answer did not wait for
    // them; they may land after it, so wait here rather than in the next test's counts.
    TestGateway.await(Eventually.holds(gateway.vertx, Duration.ofSeconds(10),
        () -> gateway.mocks.orders().calls() >= 1 && gateway.mocks.recommendations().calls() >= 1));
    assertThat(gateway.mocks.orders().calls()).isEqualTo(1);
    assertThat(gateway.mocks.recommendations().calls()).isEqualTo(1);
  }

  @Test
  void clientHeadersReachOnlyBackendsThatAllowThem() {
    var headers = io.vertx.core.MultiMap.caseInsensitiveMultiMap()
        .add("accept-language", "fr-CH").add("x-secret", "not-for-backends");
    gateway.post(new JsonObject().put("query", "{ user(id: \"5\") { name orders { id } } }").toBuffer(), headers);

    RecordedRequest toUsers = gateway.mocks.users().requests().get(0);
    RecordedRequest toOrders = gateway.mocks.orders().requests().get(0);
    assertThat(toUsers.header("accept-language")).isEqualTo("fr-CH");
    assertThat(toUsers.header("x-secret")).isNull();
    assertThat(toOrders.header("accept-language")).isNull();
  }
}

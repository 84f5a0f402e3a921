package dev.sheaf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.config.GatewayConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A backend value of the wrong type is the backend's fault: the field is null with
 * BAD_BACKEND_RESPONSE naming the backend, in a message that speaks JSON, not Java.
 */
class BackendValueTypesTest {

  private static final String ORDERS = "{ user(id: \"42\") { name orders { id total status } } }";

  /** The orders the test's own orders backend answers with, set per test. */
  private static final AtomicReference<JsonObject> ORDER = new AtomicReference<>();
  private static Vertx vertx;
  private static HttpServer orders;
  private static TestGateway gateway;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    orders = TestGateway.await(vertx.createHttpServer()
        .requestHandler(request -> request.response().putHeader("content-type", "application/json")
            .end(request.path().endsWith("/recommendations")
                ? new JsonObject().put("productIds", new JsonArray().add("p1").add(new JsonObject().put("a", 1))).encode()
                : new JsonObject().put("orders", new JsonArray().add(ORDER.get())).encode()))
        .listen(0, "127.0.0.1"));
    String url = "http://127.0.0.1:" + orders.actualPort();
    gateway = TestGateway.start(GatewayConfig.defaults(), TestGateway.RESOLVERS,
        Map.of("ORDERS_URL", url, "RECOMMENDATIONS_URL", url));
  }

  @AfterAll
  static void stop() {
    gateway.close();
    TestGateway.await(vertx.close());
  }

  @BeforeEach
  void wellFormedOrder() {
    ORDER.set(new JsonObject().put("id", "o1").put("total", 12.5).put("status", "PLACED"));
  }

  private static JsonObject onlyError(JsonObject body) {
    assertThat(body.getJsonArray("errors")).as(body.encode()).hasSize(1);
    return body.getJsonArray("errors").getJsonObject(0);
  }

  private static void assertBackendsFault(JsonObject error, String field, String needs) {
    assertThat(error.getJsonArray("path").getList()).containsExactly("user", "orders", 0, field);
    assertThat(error.getJsonObject("extensions").getMap())
        .containsEntry("code", "BAD_BACKEND_RESPONSE").containsEntry("backend", "orders").hasSize(2);
    assertThat(error.getString("message")).startsWith("Backend 'orders' sent ").endsWith(" where " + field + " needs a " + needs)
        .doesNotContain("java", "Can't serialize", "classification");
  }

  @Test
  void wellFormedOrderHasNoError() {
    JsonObject body = gateway.query(ORDERS);

    assertThat(body.containsKey("errors")).isFalse();
    assertThat(body.getJsonObject("data").getJsonObject("user").getJsonArray("orders").getJsonObject(0).getDouble("total"))
        .isEqualTo(12.5);
  }

  @Test
  void wordsForAFloatAreTheBackendsFault() {
    ORDER.get().put("total", "about twelve");

    JsonObject body = gateway.query(ORDERS);

    assertBackendsFault(onlyError(body), "total", "Float");
    JsonObject order = body.getJsonObject("data").getJsonObject("user").getJsonArray("orders").getJsonObject(0);
    assertThat(order.getValue("total")).isNull();
    assertThat(order.getString("id")).isEqualTo("o1");
    assertThat(body.getJsonObject("data").getJsonObject("user").getString("name")).isNotBlank();
  }

  @Test
  void objectForANonNullIdBubblesUpAsTheBackendsFault() {
    ORDER.get().put("id", new JsonObject().put("a", 1));

    JsonObject body = gateway.query(ORDERS);

    JsonObject error = onlyError(body);
    assertBackendsFault(error, "id", "ID");
    assertThat(error.getString("message")).contains("an object").doesNotContain("a=1");
    // Order! in [Order!]: the null bubbles to the list, which is nullable.
    assertThat(body.getJsonObject("data").getJsonObject("user").getValue("orders")).isNull();
  }

  @Test
  void unknownEnumValueIsTheBackendsFault() {
    ORDER.get().put("status", "LOST");

    assertBackendsFault(onlyError(gateway.query(ORDERS)), "status", "OrderStatus");
  }

  @Test
  void listForAStringIsTheBackendsFaultNotJavasText() {
    ORDER.get().put("placedAt", new JsonArray().add("2026"));

    JsonObject body = gateway.query("{ user(id: \"42\") { orders { id placedAt } } }");

    JsonObject error = onlyError(body);
    assertBackendsFault(error, "placedAt", "String");
    assertThat(error.getString("message")).contains("a list");
  }

  @Test
  void objectAmongKeysIsTheBackendsFaultAndNeverBecomesAKey() {
    JsonObject body = gateway.query("{ user(id: \"42\") { name recommendations { id } } }");

    JsonObject error = onlyError(body);
    assertThat(error.getJsonArray("path").getList()).containsExactly("user", "recommendations");
    assertThat(error.getJsonObject("extensions").getString("code")).isEqualTo("BAD_BACKEND_RESPONSE");
    assertThat(error.getJsonObject("extensions").getString("backend")).isEqualTo("recommendations");
    assertThat(gateway.mocks.catalog().requests()).noneSatisfy(r -> assertThat(r.uri()).contains("%7B"));
  }
}

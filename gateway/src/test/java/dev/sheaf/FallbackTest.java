package dev.sheaf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.auth.AuthMode;
import dev.sheaf.mock.Knobs;
import dev.sheaf.mock.MockService;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Declared fallbacks: a literal, and the last good answer of the same call (per caller when the call
 * carries the caller's token). A field served by one resolves without error and is named in
 * extensions.sheaf.fallbacks. The real gateway over the wire to the mocks and the identity provider.
 */
class FallbackTest {

  private static final String RECOMMENDATIONS = "query($id: ID!) { user(id: $id) { name recommendations { id } } }";
  private static final String ORDERS = "query($id: ID!) { user(id: $id) { name orders(limit: 3) { id } } }";

  // The sample's bindings with fallbacks, and no breakers: these tests count calls that fail.
  @RegisterExtension
  static final TestGateway gateway = TestGateway.perClass().withResolvers(TestGateway.sampleResolvers(text -> text
          .replace("forwardAuthorization: true", "forwardAuthorization: true\n    circuitBreaker: off")
          .replace("7104}\n    timeout: 300ms", "7104}\n    timeout: 300ms\n    circuitBreaker: off")
          .replace("    keysOf: Product\n", "    keysOf: Product\n    fallback: { value: [] }\n")
          .replace("    query: { limit: \"{args.limit}\" }\n    select: orders\n",
              "    query: { limit: \"{args.limit}\" }\n    select: orders\n    fallback: { stale: 10m }\n")))
      .trustingIdentityProvider(AuthMode.OPTIONAL);

  private static JsonObject query(String query, String id, String bearer) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    if (bearer != null) {
      headers.add("authorization", "Bearer " + bearer);
    }
    return gateway.post(new JsonObject().put("query", query).put("variables", Map.of("id", id)).toBuffer(), headers)
        .bodyAsJsonObject();
  }

  private static JsonArray fallbacksOf(JsonObject body) {
    JsonObject extensions = body.getJsonObject("extensions");
    return extensions == null ? null : extensions.getJsonObject("sheaf").getJsonArray("fallbacks");
  }

  /** {@code sheaf_fallbacks_served_total} of one backend, field and kind, from the admin port; 0 before the first. */
  private static double fallbacksServed(String backend, String field, String kind) {
    String series = "sheaf_fallbacks_served_total{backend=\"" + backend + "\",field=\"" + field + "\",kind=\"" + kind + "\"}";
    return TestGateway.await(gateway.client.get(gateway.sheaf.adminPort(), "127.0.0.1", "/metrics").send())
        .bodyAsString().lines().filter(line -> line.startsWith(series + " "))
        .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1))).findFirst().orElse(0);
  }

  @Test
  void aFailedFieldResolvesToItsDeclaredValueAndIsNamedInTheExtensions() {
    gateway.mocks.recommendations().setKnobs(Knobs.none().withErrorStatus(503));
    double before = fallbacksServed("recommendations", "User.recommendations", "value");

    JsonObject body = query(RECOMMENDATIONS, "42", null);

    assertThat(body.containsKey("errors")).as(body.encode()).isFalse();
    assertThat(body.getJsonObject("data").getJsonObject("user").getJsonArray("recommendations").getList()).isEmpty();
    assertThat(fallbacksOf(body).getList()).containsExactly("user.recommendations");
    assertThat(fallbacksServed("recommendations", "User.recommendations", "value")).isEqualTo(before + 1);
  }

  @Test
  void aHealthyFieldIsNotMarked() {
    JsonObject body = query(RECOMMENDATIONS, "42", null);

    assertThat(body.containsKey("errors")).as(body.encode()).isFalse();
    assertThat(body.getJsonObject("data").getJsonObject("user").getJsonArray("recommendations")).isNotEmpty();
    assertThat(body.containsKey("extensions")).as(body.encode()).isFalse();
  }

  @Test
  void aFailedCallIsAnsweredWithTheLastGoodAnswerOfTheSameCall() {
    MockService orders = gateway.mocks.orders();
    JsonObject good = query(ORDERS, "7", null);
    assertThat(good.containsKey("errors")).as(good.encode()).isFalse();
    List<?> goodOrders = good.getJsonObject("data").getJsonObject("user").getJsonArray("orders").getList();
    assertThat(goodOrders).isNotEmpty();

    orders.setKnobs(Knobs.none().withErrorStatus(503));
    double before = fallbacksServed("orders", "User.orders", "stale");
    JsonObject stale = query(ORDERS, "7", null);
    JsonObject neverAnswered = query(ORDERS, "8", null);

    assertThat(stale.containsKey("errors")).as(stale.encode()).isFalse();
    assertThat(stale.getJsonObject("data").getJsonObject("user").getJsonArray("orders").getList()).isEqualTo(goodOrders);
    assertThat(fallbacksOf(stale).getList()).containsExactly("user.orders");
    assertThat(fallbacksServed("orders", "User.orders", "stale")).isEqualTo(before + 1);
    // Another call (user 8) had no good answer to fall back on: its failure stays an error.
    assertThat(neverAnswered.getJsonArray("errors").getJsonObject(0).getJsonObject("extensions").getString("code"))
        .isEqualTo("BACKEND_ERROR");
    assertThat(fallbacksOf(neverAnswered)).isNull();
    assertThat(orders.calls()).isEqualTo(3); // a stale answer is served only after the call itself failed
  }

  @Test
  void oneCallersLastAnswerIsNeverServedToAnother() {
    // orders gets the caller's token (forwardAuthorization): the same user id asked by two callers is two calls.
    String aliceToken = gateway.token("alice");
    JsonObject alice = query(ORDERS, "9", aliceToken);
    assertThat(alice.containsKey("errors")).as(alice.encode()).isFalse();

    gateway.mocks.orders().setKnobs(Knobs.none().withErrorStatus(503));
    JsonObject bob = query(ORDERS, "9", gateway.token("bob"));
    JsonObject aliceAgain = query(ORDERS, "9", aliceToken);

    assertThat(bob.getJsonArray("errors").getJsonObject(0).getJsonObject("extensions").getString("code"))
        .isEqualTo("BACKEND_ERROR");
    assertThat(bob.getJsonObject("data").getJsonObject("user").getValue("orders")).isNull();
    assertThat(aliceAgain.containsKey("errors")).as(aliceAgain.encode()).isFalse();
    assertThat(fallbacksOf(aliceAgain).getList()).containsExactly("user.orders");
  }
}

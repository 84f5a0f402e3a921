package dev.sheaf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sheaf.config.CostLimits;
import dev.sheaf.config.GatewayConfig;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The cost limit on the sample shop: the home screen makes four backend calls (user, orders,
 * recommendations and one catalog batch for all recommended products), one more with stock (one
 * inventory batch), as the sample's REST home endpoint does; over limits.maxCost a document is
 * refused before any backend is called.
 */
class CostLimitTest {

  static final String HOME = "{ user(id: \"42\") { name tier orders(limit: 3) { id total status } "
      + "recommendations { id name price } } }";
  static final String HOME_WITH_STOCK_AND_FRIEND = "{ user(id: \"42\") { name orders(limit: 3) { id } "
      + "recommendations { id stock { available } } } friend: user(id: \"7\") { name } }";

  @RegisterExtension
  static final TestGateway gateway = TestGateway.perClass(GatewayConfig.defaults().withPolicies(
      GatewayConfig.defaults().policies().withCost(new CostLimits(5, 10))));

  private static HttpResponse<Buffer> post(String query, MultiMap headers) {
    return gateway.post(new JsonObject().put("query", query).toBuffer(), headers);
  }

  @Test
  void theCostIsInExtensionsWhenAskedFor() {
    HttpResponse<Buffer> response = post(HOME, MultiMap.caseInsensitiveMultiMap().add("sheaf-debug", "cost"));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.getJsonObject("extensions").getLong("cost")).isEqualTo(4L);
    assertThat(body.containsKey("data")).as("the document ran").isTrue();
    assertThat(gateway.mocks.catalog().calls()).as("the products in at most one batch").isLessThanOrEqualTo(1);

    JsonObject unasked = post(HOME, MultiMap.caseInsensitiveMultiMap()).bodyAsJsonObject();
    assertThat(unasked.containsKey("extensions")).isFalse();
  }

  @Test
  void aDocumentOverTheLimitIsRefusedNamingCostAndLimitBeforeAnyBackendCall() {
    HttpResponse<Buffer> response = post(HOME_WITH_STOCK_AND_FRIEND,
        MultiMap.caseInsensitiveMultiMap().add("accept", "application/graphql-response+json"));

    assertThat(response.statusCode()).isEqualTo(400);
    JsonObject error = response.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0);
    assertThat(error.getString("message")).isEqualTo("The query costs 6 backend calls; the limit is 5 (limits.maxCost)");
    assertThat(error.getJsonObject("extensions").getString("code")).isEqualTo("QUERY_TOO_COMPLEX");
    assertThat(gateway.mocks.users().calls() + gateway.mocks.orders().calls() + gateway.mocks.recommendations().calls()
        + gateway.mocks.catalog().calls() + gateway.mocks.inventory().calls()).isZero();
  }

  @Test
  void aRestEndpointWhoseOperationCostsTooMuchStopsTheStart() {
    GatewayConfig tight = GatewayConfig.defaults().withPolicies(
        GatewayConfig.defaults().policies().withCost(new CostLimits(3, 10)));

    assertThatThrownBy(() -> TestGateway.start(tight))
        .hasMessageContaining("endpoint \"GET /api/v1/home/{userId}\" (")
        .hasMessageContaining("backend calls; the limit is 3 (limits.maxCost); raise limits.maxCost or split the operation");
  }

  @Test
  void aliasesOfOneCallCountOnceEach() {
    StringBuilder query = new StringBuilder("{");
    for (int i = 0; i < 6; i++) {
      query.append(" u").append(i).append(": user(id: \"").append(i).append("\") { name }");
    }
    JsonObject body = post(query.append(" }").toString(), MultiMap.caseInsensitiveMultiMap()).bodyAsJsonObject();

    assertThat(body.getJsonArray("errors").getJsonObject(0).getString("message")).contains("costs 6 backend calls");
    assertThat(gateway.mocks.users().calls()).isZero();
  }
}

package dev.sheaf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.graphql.QueryLimits;
import dev.sheaf.mock.MockBackend;
import graphql.introspection.IntrospectionQuery;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Documents over the default limits are refused before anything executes, over the wire. */
class QueryLimitsGatewayTest {

  @RegisterExtension
  static final TestGateway gateway = TestGateway.perClass();

  @Test
  void aQueryNestedDeeperThanTheLimitIsRefusedWith400() {
    // Introspection's ofType recurses: the classic way to nest a query as deep as one likes.
    String deep = "{ __schema { types { fields { type " + "{ ofType ".repeat(14) + "{ name }" + " }".repeat(14) + " } } } }";

    JsonObject error = refused(deep);

    assertThat(error.getString("message")).isEqualTo("The query is nested 19 fields deep; the limit is 15 (limits.maxDepth)");
  }

  @Test
  void aQueryWithMoreAliasesThanTheLimitCallsNoBackend() {
    StringBuilder query = new StringBuilder("{");
    for (int i = 0; i < 31; i++) {
      query.append(" p").append(i).append(": product(id: \"p").append(i).append("\") { name }");
    }

    JsonObject error = refused(query.append(" }").toString());

    assertThat(error.getString("message")).isEqualTo("The query has 31 aliased fields; the limit is 30 (limits.maxAliases)");
    assertThat(gateway.mocks.all().stream().mapToInt(MockBackend::calls).sum()).isZero();
  }

  @Test
  void aFragmentThatDoublesAtEveryLevelIsRefusedQuickly() {
    StringBuilder bomb = new StringBuilder("{ ...F0 }\n");
    for (int level = 0; level < 30; level++) {
      bomb.append("fragment F").append(level).append(" on Query { ...F").append(level + 1)
          .append(" ... on Query { ...F").append(level + 1).append(" } }\n");
    }
    bomb.append("fragment F30 on Query { product(id: \"p1\") { name } }\n");

    JsonObject error = refused(bomb.toString());

    assertThat(error.getString("message")).contains("fields; the limit is 500 (limits.maxFields)");
    assertThat(gateway.mocks.catalog().calls()).isZero();
  }

  @Test
  void theStandardIntrospectionQueryAndTheHomeScreenAreWithinTheDefaults() {
    JsonObject introspection = gateway.query(IntrospectionQuery.INTROSPECTION_QUERY);
    JsonObject home = gateway.query("{ user(id: \"42\") { name orders(limit: 3) { id total status } "
        + "recommendations { id name price } } }");

    assertThat(introspection.containsKey("errors")).as(introspection.encode()).isFalse();
    assertThat(introspection.getJsonObject("data").getJsonObject("__schema").getJsonArray("types")).isNotEmpty();
    assertThat(home.containsKey("errors")).as(home.encode()).isFalse();
  }

  private static JsonObject refused(String query) {
    HttpResponse<Buffer> response = gateway.post(new JsonObject().put("query", query).toBuffer(),
        MultiMap.caseInsensitiveMultiMap().add("accept", "application/graphql-response+json"));
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(400);
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.containsKey("data")).isFalse();
    JsonObject error = body.getJsonArray("errors").getJsonObject(0);
    assertThat(error.getJsonObject("extensions").getString("code")).isEqualTo(QueryLimits.CODE);
    return error;
  }
}

package dev.sheaf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.config.GatewayConfig;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** introspection: false refuses questions about the schema, on this gateway only; __typename stays. */
class IntrospectionSwitchTest {

  @RegisterExtension
  static final TestGateway gateway = TestGateway.perClass(GatewayConfig.defaults().withIntrospection(false));

  static HttpResponse<Buffer> post(String query, String accept) {
    return gateway.post(new JsonObject().put("query", query).toBuffer(),
        MultiMap.caseInsensitiveMultiMap().add("accept", accept));
  }

  @Test
  void schemaAndTypeQueriesAreRefusedWithACode() {
    for (String query : new String[] {"{ __schema { types { name } } }", "{ __type(name: \"User\") { name } }",
        "query { ...Q } fragment Q on Query { __schema { queryType { name } } }"}) {
      HttpResponse<Buffer> response = post(query, "application/graphql-response+json");

      assertThat(response.statusCode()).as(query).isEqualTo(400);
      assertThat(PersistedQueriesTest.code(response)).as(query).isEqualTo("INTROSPECTION_DISABLED");
      assertThat(response.bodyAsJsonObject().containsKey("data")).isFalse();
    }
  }

  @Test
  void typenameIsStillAnswered() {
    HttpResponse<Buffer> response = post("{ __typename }", "application/json");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsJsonObject().getJsonObject("data").getString("__typename")).isEqualTo("Query");
  }

  @Test
  void anotherGatewayInTheSameProcessStillAnswersIntrospection() {
    try (TestGateway open = TestGateway.start()) {
      JsonObject body = open.query("{ __schema { queryType { name } } }");

      assertThat(body.getJsonObject("data").getJsonObject("__schema").getJsonObject("queryType").getString("name"))
          .isEqualTo("Query");
    }
  }
}

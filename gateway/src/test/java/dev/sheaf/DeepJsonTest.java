package dev.sheaf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.auth.AuthMode;
import dev.sheaf.mock.MockBackend;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** JSON nested far deeper than any input needs is malformed input at every entry point: a 400, never a 500. */
class DeepJsonTest {

  @RegisterExtension
  static final TestGateway gateway = TestGateway.perClass().trustingIdentityProvider(AuthMode.OPTIONAL);

  private static String nested(int depth) {
    return "[".repeat(depth) + "]".repeat(depth);
  }

  private static int backendCalls() {
    return gateway.mocks.all().stream().mapToInt(MockBackend::calls).sum();
  }

  @ParameterizedTest
  @ValueSource(strings = {"variables", "extensions"})
  void deeplyNestedPostMemberIsA400(String member) {
    for (int depth : new int[] {65, 1_000, 5_000}) {
      String body = "{\"query\":\"{ user(id: \\\"42\\\") { id } }\",\"" + member + "\":{\"x\":" + nested(depth) + "}}";

      HttpResponse<Buffer> response = gateway.post(Buffer.buffer(body), MultiMap.caseInsensitiveMultiMap());

      assertThat(response.statusCode()).as("depth " + depth).isEqualTo(400);
      assertThat(response.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("message"))
          .isEqualTo("The request body is nested deeper than 64 levels");
    }
    assertThat(backendCalls()).isZero();
  }

  @Test
  void nestingWithinTheLimitIsStillAccepted() {
    String body = "{\"query\":\"{ user(id: \\\"42\\\") { id } }\",\"extensions\":{\"x\":" + nested(60) + "}}";

    HttpResponse<Buffer> response = gateway.post(Buffer.buffer(body), MultiMap.caseInsensitiveMultiMap());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsJsonObject().getJsonObject("data").getJsonObject("user").getString("id")).isEqualTo("42");
  }

  @Test
  void deeplyNestedGetParameterIsA400() {
    HttpResponse<Buffer> response = gateway.get("/graphql?query=" + URLEncoder.encode("{ __typename }", StandardCharsets.UTF_8)
        + "&variables=" + URLEncoder.encode("{\"x\":" + nested(2_000) + "}", StandardCharsets.UTF_8));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("message"))
        .isEqualTo("The \"variables\" parameter is nested deeper than 64 levels");
  }

  @Test
  void malformedPostBodyNamesWhereItBreaks() {
    HttpResponse<Buffer> response = gateway.post(Buffer.buffer("{\"query\":\n  ]"), MultiMap.caseInsensitiveMultiMap());

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("message"))
        .isEqualTo("The request body is not valid JSON (line 2, column 3)");
  }

  @Test
  void deeplyNestedRestEndpointBodyIsA400Problem() {
    String token = gateway.token("42");
    HttpResponse<Buffer> response = gateway.send(HttpMethod.POST, "/api/v1/me/orders",
        MultiMap.caseInsensitiveMultiMap().add("content-type", "application/json")
            .add("authorization", "Bearer " + token),
        Buffer.buffer("{\"productIds\":" + nested(2_000) + "}"));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.getHeader("content-type")).startsWith("application/problem+json");
    JsonObject param = response.bodyAsJsonObject().getJsonArray("invalid-params").getJsonObject(0);
    assertThat(param.getString("name")).isEqualTo("body");
    assertThat(param.getString("reason")).isEqualTo("is nested deeper than 64 levels");
    assertThat(backendCalls()).isZero();
  }
}

package dev.sheaf;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The GraphQL-over-HTTP contract: media types, status codes, and clear 4xx for bad requests. */
class GraphQLOverHttpTest {

  static final String GRAPHQL_RESPONSE = "application/graphql-response+json";
  @RegisterExtension
  static final TestGateway gateway = TestGateway.perClass(dev.sheaf.config.GatewayConfig.defaults().withBodyLimit(4096));

  private static MultiMap accept(String mediaType) {
    return MultiMap.caseInsensitiveMultiMap().add("accept", mediaType);
  }

  private static HttpResponse<Buffer> post(String body, MultiMap headers) {
    return gateway.post(Buffer.buffer(body), headers);
  }

  private static JsonObject firstExtensions(HttpResponse<Buffer> response) {
    return response.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getJsonObject("extensions");
  }

  private static String firstMessage(HttpResponse<Buffer> response) {
    return response.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("message");
  }

  @Test
  void postAnswersInTheNegotiatedMediaType() {
    HttpResponse<Buffer> modern = post("{\"query\":\"{ __typename }\"}", accept(GRAPHQL_RESPONSE));
    HttpResponse<Buffer> legacy = post("{\"query\":\"{ __typename }\"}", accept("application/json"));
    HttpResponse<Buffer> any = post("{\"query\":\"{ __typename }\"}", accept("*/*"));

    assertThat(modern.statusCode()).isEqualTo(200);
    assertThat(modern.getHeader("content-type")).startsWith(GRAPHQL_RESPONSE);
    assertThat(modern.bodyAsJsonObject().getJsonObject("data").getString("__typename")).isEqualTo("Query");
    assertThat(legacy.getHeader("content-type")).startsWith("application/json");
    assertThat(any.getHeader("content-type")).startsWith("application/json");
  }

  @Test
  void getRunsQueries() {
    String query = URLEncoder.encode("query($id: ID!) { user(id: $id) { id } }", StandardCharsets.UTF_8);
    String variables = URLEncoder.encode("{\"id\":\"3\"}", StandardCharsets.UTF_8);

    HttpResponse<Buffer> response = gateway.send(HttpMethod.GET, "/graphql?query=" + query + "&variables=" + variables,
        accept(GRAPHQL_RESPONSE));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsJsonObject().getJsonObject("data").getJsonObject("user").getString("id")).isEqualTo("3");
  }

  @Test
  void getRefusesMutationsWith405() {
    String query = URLEncoder.encode("mutation { cancelOrder(orderId: \"o-1-1\") { id } }", StandardCharsets.UTF_8);

    HttpResponse<Buffer> response = gateway.send(HttpMethod.GET, "/graphql?query=" + query, accept(GRAPHQL_RESPONSE));

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.getHeader("allow")).isEqualTo("POST");
    assertThat(gateway.mocks.orders().requests()).noneMatch(r -> r.method().equals("DELETE"));
  }

  @Test
  void otherMethodsGet405WithAllow() {
    HttpResponse<Buffer> response = gateway.send(HttpMethod.PUT, "/graphql", MultiMap.caseInsensitiveMultiMap());

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.getHeader("allow")).isEqualTo("GET, POST");
  }

  @Test
  void malformedJsonIs400() {
    HttpResponse<Buffer> response = post("{\"query\": ", accept(GRAPHQL_RESPONSE));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(firstMessage(response)).contains("not valid JSON");
    assertThat(response.bodyAsJsonObject().containsKey("data")).isFalse();
  }

  @Test
  void missingOrMistypedParametersAre400() {
    assertThat(post("{}", accept(GRAPHQL_RESPONSE)).statusCode()).isEqualTo(400);
    assertThat(firstMessage(post("{}", accept(GRAPHQL_RESPONSE)))).contains("\"query\" parameter is missing");
    assertThat(post("[1]", accept(GRAPHQL_RESPONSE)).statusCode()).isEqualTo(400);
    assertThat(post("{\"query\": 7}", accept(GRAPHQL_RESPONSE)).statusCode()).isEqualTo(400);
    assertThat(post("{\"query\":\"{ __typename }\",\"variables\":[]}", accept("application/json")).statusCode())
        .isEqualTo(400);
    assertThat(post("{\"query\":\"{ __typename }\",\"operationName\":1}", accept(GRAPHQL_RESPONSE)).statusCode())
        .isEqualTo(400);
  }

  @Test
  void syntaxErrorIs400ForGraphQLResponseAnd200ForLegacyJson() {
    HttpResponse<Buffer> modern = post("{\"query\":\"{ user(id: \"}", accept(GRAPHQL_RESPONSE));
    HttpResponse<Buffer> badQuery = post("{\"query\":\"{ user(id: }\"}", accept(GRAPHQL_RESPONSE));
    HttpResponse<Buffer> legacy = post("{\"query\":\"{ user(id: }\"}", accept("application/json"));

    assertThat(modern.statusCode()).isEqualTo(400);
    assertThat(badQuery.statusCode()).isEqualTo(400);
    assertThat(firstExtensions(badQuery).getString("code")).isEqualTo("GRAPHQL_PARSE_FAILED");
    assertThat(firstExtensions(badQuery).getString("classification")).isEqualTo("InvalidSyntax");
    assertThat(firstExtensions(legacy).getString("code")).isEqualTo("GRAPHQL_PARSE_FAILED");
    assertThat(badQuery.bodyAsJsonObject().containsKey("data")).isFalse();
    assertThat(legacy.statusCode()).isEqualTo(200);
  }

  @Test
  void validationErrorIs400() {
    HttpResponse<Buffer> response = post("{\"query\":\"{ user(id: \\\"1\\\") { shoeSize } }\"}", accept(GRAPHQL_RESPONSE));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(firstMessage(response)).contains("shoeSize");
    assertThat(firstExtensions(response).getString("code")).isEqualTo("GRAPHQL_VALIDATION_FAILED");
    assertThat(firstExtensions(response).getString("classification")).isEqualTo("ValidationError");
  }

  @Test
  void unknownOperationNameIs400() {
    HttpResponse<Buffer> response = post("{\"query\":\"query A { __typename }\",\"operationName\":\"B\"}",
        accept(GRAPHQL_RESPONSE));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(firstMessage(response)).contains("B");
    assertThat(firstExtensions(response).getString("code")).isEqualTo("GRAPHQL_VALIDATION_FAILED");
  }

  @Test
  void wrongVariableTypeIs400() {
    HttpResponse<Buffer> response = post(
        "{\"query\":\"query($n: Int) { user(id: \\\"1\\\") { orders(limit: $n) { id } } }\",\"variables\":{\"n\":\"many\"}}",
        accept(GRAPHQL_RESPONSE));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(firstMessage(response)).contains("Variable 'n'", "Int");
    assertThat(firstExtensions(response).getString("code")).isEqualTo("BAD_USER_INPUT");
    assertThat(firstExtensions(response).getString("classification")).isEqualTo("ValidationError");
  }

  @Test
  void missingNonNullVariableIsBadUserInput() {
    HttpResponse<Buffer> response = post("{\"query\":\"query($id: ID!) { user(id: $id) { id } }\",\"variables\":{}}",
        accept(GRAPHQL_RESPONSE));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(firstMessage(response)).contains("Variable 'id'");
    assertThat(firstExtensions(response).getString("code")).isEqualTo("BAD_USER_INPUT");
  }

  @Test
  void unsupportedMediaTypeIs415() {
    MultiMap headers = accept(GRAPHQL_RESPONSE).add("content-type", "text/plain");

    HttpResponse<Buffer> response = post("{ __typename }", headers);

    assertThat(response.statusCode()).isEqualTo(415);
    assertThat(firstMessage(response)).contains("application/json");
  }

  @Test
  void unacceptableAcceptIs406() {
    assertThat(post("{\"query\":\"{ __typename }\"}", accept("text/html")).statusCode()).isEqualTo(406);
  }

  @Test
  void oversizedBodyIs413() {
    String big = "{\"query\":\"{ __typename }\",\"variables\":{\"x\":\"" + "a".repeat(8192) + "\"}}";

    HttpResponse<Buffer> response = post(big, accept(GRAPHQL_RESPONSE));

    assertThat(response.statusCode()).isEqualTo(413);
  }

  @Test
  void badTimeoutHeaderIs400() {
    HttpResponse<Buffer> response = post("{\"query\":\"{ __typename }\"}",
        accept(GRAPHQL_RESPONSE).add("sheaf-timeout", "soon"));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(firstMessage(response)).contains("Sheaf-Timeout");
  }

  @Test
  void healthAndReadinessAnswer() {
    HttpResponse<Buffer> health = gateway.send(HttpMethod.GET, "/health", MultiMap.caseInsensitiveMultiMap());
    HttpResponse<Buffer> ready = gateway.send(HttpMethod.GET, "/ready", MultiMap.caseInsensitiveMultiMap());

    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.bodyAsJsonObject().getString("status")).isEqualTo("READY");
  }

  @Test
  void javaResolverUsesTheSameBatchedCalls() {
    gateway.mocks.resetStats();

    JsonObject body = gateway.query("{ quote(productIds: [\"p1\", \"p2\", \"p9999\"]) { total missingProductIds products { id } } }");

    JsonObject quote = body.getJsonObject("data").getJsonObject("quote");
    double expected = dev.sheaf.mock.ShopData.orderTotal(java.util.List.of("p1", "p2")).orElseThrow().doubleValue();
    assertThat(quote.getDouble("total")).isEqualTo(expected);
    assertThat(quote.getJsonArray("missingProductIds").getList()).containsExactly("p9999");
    assertThat(gateway.mocks.catalog().calls()).isEqualTo(1);
  }
}

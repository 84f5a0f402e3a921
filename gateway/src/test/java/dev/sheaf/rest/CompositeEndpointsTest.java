package dev.sheaf.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.TestGateway;
import dev.sheaf.auth.AuthMode;
import dev.sheaf.mock.Eventually;
import dev.sheaf.mock.Knobs;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The sample endpoints of resolvers/endpoints.yaml, over the wire, against the real mock backends. */
class CompositeEndpointsTest {

  @RegisterExtension
  static final TestGateway gateway = TestGateway.perClass().trustingIdentityProvider(AuthMode.OPTIONAL);

  private static String operation(String file) throws IOException {
    return Files.readString(Path.of("schema/operations", file));
  }

  private static MultiMap headers(String... namesAndValues) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      headers.add(namesAndValues[i], namesAndValues[i + 1]);
    }
    return headers;
  }

  private static JsonObject problem(HttpResponse<Buffer> response, int status) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.getHeader("content-type")).startsWith("application/problem+json");
    JsonObject problem = response.bodyAsJsonObject();
    assertThat(problem.getInteger("status")).isEqualTo(status);
    assertThat(problem.getString("type")).isNotBlank();
    assertThat(problem.getString("title")).isNotBlank();
    assertThat(problem.getString("detail")).isNotBlank();
    return problem;
  }

  private static String code(JsonObject error) {
    return error.getJsonObject("extensions").getString("code");
  }

  @Test
  void homeReturnsWhatTheEquivalentGraphQLQueryReturns() throws IOException {
    HttpResponse<Buffer> response = gateway.get("/api/v1/home/42?limit=2");

    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    assertThat(response.getHeader("content-type")).startsWith("application/json");
    assertThat(response.getHeader("Sheaf-Complete")).isEqualTo("true");
    JsonObject expected = gateway.graphqlData(operation("home.graphql"), Map.of("userId", "42", "limit", 2))
        .getJsonObject("user");
    assertThat(response.bodyAsJsonObject()).isEqualTo(expected);
    assertThat(expected.getJsonArray("orders")).hasSize(2);
    assertThat(expected.getJsonArray("recommendations").getJsonObject(0).getJsonObject("stock")).isNotNull();
  }

  @Test
  void anOptionalQueryParameterFallsBackToTheOperationsDefault() {
    JsonObject home = gateway.get("/api/v1/home/42").bodyAsJsonObject();

    assertThat(home.getJsonArray("orders")).hasSize(3); // $limit: Int = 3
  }

  @Test
  void productPageReturnsTheProductWithItsStock() throws IOException {
    HttpResponse<Buffer> response = gateway.get("/api/v1/products/p7");

    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    JsonObject expected = gateway.graphqlData(operation("product.graphql"), Map.of("id", "p7"))
        .getJsonObject("product");
    assertThat(response.bodyAsJsonObject()).isEqualTo(expected);
  }

  @Test
  void repeatedQueryParametersMakeAList() {
    HttpResponse<Buffer> response = gateway.get("/api/v1/quote?ids=p1&ids=p2&ids=p9999");

    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    JsonObject quote = response.bodyAsJsonObject();
    assertThat(quote.getJsonArray("products").getJsonObject(0).getString("id")).isEqualTo("p1");
    assertThat(quote.getJsonArray("products").getJsonObject(1).getString("id")).isEqualTo("p2");
    assertThat(quote.getJsonArray("missingProductIds").getList()).containsExactly("p9999");
  }

  @Test
  void aHangingBackendGivesAPartialAnswerThatSaysSo() {
    gateway.mocks.orders().setKnobs(Knobs.none().withHang(true));

    HttpResponse<Buffer> response = gateway.get("/api/v1/home/42");

    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    assertThat(response.getHeader("Sheaf-Complete")).isEqualTo("false");
    JsonObject home = response.bodyAsJsonObject();
    assertThat(home.getString("name")).isNotBlank();
    assertThat(home.getJsonArray("recommendations")).isNotEmpty();
    assertThat(home.getValue("orders")).isNull();
    JsonArray errors = home.getJsonArray("errors");
    assertThat(errors).hasSize(1);
    assertThat(errors.getJsonObject(0).getJsonArray("path").getList()).containsExactly("orders");
    assertThat(code(errors.getJsonObject(0))).isEqualTo("BACKEND_TIMEOUT");
  }

  @Test
  void aPartialAnswerIsNeverCached() {
    gateway.mocks.orders().setKnobs(Knobs.none().withHang(true));

    HttpResponse<Buffer> response = gateway.get("/api/v1/home/42");

    assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
    assertThat(response.getHeader("ETag")).isNull();
  }

  @Test
  void theRootBackendTimingOutIs504() {
    gateway.mocks.users().setKnobs(Knobs.none().withHang(true));

    JsonObject problem = problem(gateway.get("/api/v1/home/42"), 504);

    assertThat(problem.getString("type")).isEqualTo(ProblemType.BACKEND_TIMEOUT.uri());
    assertThat(problem.getJsonArray("errors")).isNotEmpty();
    assertThat(code(problem.getJsonArray("errors").getJsonObject(0))).isEqualTo("BACKEND_TIMEOUT");
  }

  @Test
  void theRootBackendFailingIs502() {
    gateway.mocks.users().setKnobs(Knobs.none().withErrorStatus(500));

    HttpResponse<Buffer> response = gateway.get("/api/v1/home/42");

    JsonObject problem = problem(response, 502);
    assertThat(problem.getString("type")).isEqualTo(ProblemType.BACKEND_FAILED.uri());
    JsonObject error = problem.getJsonArray("errors").getJsonObject(0);
    assertThat(code(error)).isEqualTo("BACKEND_ERROR");
    assertThat(error.getJsonObject("extensions").getString("backend")).isEqualTo("users");
    assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
  }

  @Test
  void aBadParameterIs400NamingIt() {
    JsonObject problem = problem(gateway.get("/api/v1/home/42?limit=abc"), 400);

    assertThat(problem.getString("type")).isEqualTo(ProblemType.INVALID_PARAMETER.uri());
    assertThat(problem.getString("detail")).contains("limit");
    JsonObject parameter = problem.getJsonArray("invalid-params").getJsonObject(0);
    assertThat(parameter.getString("name")).isEqualTo("limit");
    assertThat(parameter.getString("in")).isEqualTo("query");
    assertThat(parameter.getString("reason")).contains("integer");
    assertThat(gateway.mocks.users().calls()).isZero();
  }

  @Test
  void aParameterGivenTwiceIs400() {
    JsonObject problem = problem(gateway.get("/api/v1/home/42?limit=1&limit=2"), 400);

    assertThat(problem.getJsonArray("invalid-params").getJsonObject(0).getString("name")).isEqualTo("limit");
  }

  @Test
  void aMissingRequiredParameterIs400NamingIt() {
    JsonObject problem = problem(gateway.get("/api/v1/quote"), 400);

    JsonObject parameter = problem.getJsonArray("invalid-params").getJsonObject(0);
    assertThat(parameter.getString("name")).isEqualTo("ids");
    assertThat(parameter.getString("reason")).isEqualTo("is required");
  }

  @Test
  void aMissingResourceIs404() {
    JsonObject problem = problem(gateway.get("/api/v1/home/99999"), 404);

    assertThat(problem.getString("type")).isEqualTo(ProblemType.RESOURCE_NOT_FOUND.uri());
    assertThat(problem.getString("detail")).contains("user");
    // The orders and recommendations started with the user still land, after the answer:
    // wait for them here rather than in the next test's counts.
    TestGateway.await(Eventually.holds(gateway.vertx, Duration.ofSeconds(10),
        () -> gateway.mocks.orders().calls() >= 1 && gateway.mocks.recommendations().calls() >= 1));
    assertThat(gateway.mocks.orders().calls()).isEqualTo(1);
  }

  @Test
  void anotherMethodOnAKnownPathIs405WithAllow() {
    HttpResponse<Buffer> response = gateway.send(HttpMethod.POST, "/api/v1/home/42", headers());

    problem(response, 405);
    assertThat(response.getHeader("Allow")).isEqualTo("GET, HEAD");
  }

  @Test
  void anUnknownPathIs404Problem() {
    JsonObject problem = problem(gateway.get("/api/v1/nothing/here"), 404);

    assertThat(problem.getString("type")).isEqualTo("about:blank");
  }

  @Test
  void aCompleteAnswerHasAStrongETagAndIfNoneMatchGets304() {
    HttpResponse<Buffer> first = gateway.get("/api/v1/home/42");
    String tag = first.getHeader("ETag");

    assertThat(tag).matches("\"[A-Za-z0-9_-]{43}\"");
    assertThat(first.getHeader("Cache-Control")).isEqualTo("public, max-age=30");
    assertThat(first.getHeader("Vary")).contains("Authorization").contains("Accept-Language");

    HttpResponse<Buffer> again = gateway.send(HttpMethod.GET, "/api/v1/home/42", headers("If-None-Match", tag));

    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body() == null || again.body().length() == 0).isTrue();
    assertThat(again.getHeader("ETag")).isEqualTo(tag);
    assertThat(again.getHeader("Cache-Control")).isEqualTo("public, max-age=30");
  }

  @Test
  void aStaleETagGetsTheBody() {
    HttpResponse<Buffer> response = gateway.send(HttpMethod.GET, "/api/v1/home/42",
        headers("If-None-Match", "\"not-the-current-one\""));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsJsonObject().getString("name")).isNotBlank();
  }

  @Test
  void anAnswerToACallerWithCredentialsIsPrivate() {
    HttpResponse<Buffer> response = gateway.send(HttpMethod.GET, "/api/v1/home/42",
        headers("Authorization", "Bearer " + gateway.token("42")));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("Cache-Control")).isEqualTo("private, max-age=30");
    assertThat(response.getHeader("Vary")).contains("Authorization");
  }

  @Test
  void headAnswersWithTheHeadersOfGet() {
    String tag = gateway.get("/api/v1/home/42").getHeader("ETag");

    HttpResponse<Buffer> response = gateway.send(HttpMethod.HEAD, "/api/v1/home/42", headers());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("ETag")).isEqualTo(tag);
    assertThat(response.body() == null || response.body().length() == 0).isTrue();
  }

  @Test
  void aMutationReadsItsVariablesFromTheJsonBodyActsAsTheCallerAndAnswers201() {
    HttpResponse<Buffer> response = gateway.send(HttpMethod.POST, "/api/v1/me/orders",
        headers("content-type", "application/json", "authorization", "Bearer " + gateway.token("42")),
        new JsonObject().put("productIds", List.of("p1", "p2")).toBuffer());

    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
    assertThat(response.bodyAsJsonObject().getString("status")).isEqualTo("PLACED");
    assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
    assertThat(response.getHeader("ETag")).isNull();
    assertThat(gateway.mocks.orders().requests()).singleElement().satisfies(call -> {
      assertThat(call.method()).isEqualTo("POST");
      assertThat(call.path()).isEqualTo("/users/42/orders");
      assertThat(new JsonObject(call.body()).getJsonArray("productIds").getList()).containsExactly("p1", "p2");
    });
  }

  @Test
  void aMutationWithoutATokenIs401AndCallsNoBackend() {
    JsonObject problem = problem(gateway.send(HttpMethod.POST, "/api/v1/me/orders",
        headers("content-type", "application/json"), new JsonObject().put("productIds", List.of("p1")).toBuffer()), 401);

    assertThat(problem.getString("type")).isEqualTo(ProblemType.UNAUTHENTICATED.uri());
    assertThat(gateway.mocks.orders().calls()).isZero();
  }

  @Test
  void aMissingBodyMemberIs400NamingIt() {
    JsonObject problem = problem(gateway.send(HttpMethod.POST, "/api/v1/me/orders",
        headers("content-type", "application/json"), Buffer.buffer("{}")), 400);

    JsonObject parameter = problem.getJsonArray("invalid-params").getJsonObject(0);
    assertThat(parameter.getString("name")).isEqualTo("productIds");
    assertThat(parameter.getString("in")).isEqualTo("body");
  }

  @Test
  void aBodyOverTheLimitIs413Problem() {
    Buffer huge = Buffer.buffer("{\"productIds\":[\"" + "p".repeat(1_100_000) + "\"]}");

    problem(gateway.send(HttpMethod.POST, "/api/v1/me/orders", headers("content-type", "application/json"),
        huge), 413);
  }

  @Test
  void aBodyThatIsNotJsonIs415() {
    problem(gateway.send(HttpMethod.POST, "/api/v1/me/orders", headers("content-type", "text/plain"),
        Buffer.buffer("productIds=p1")), 415);
  }
}

package dev.sheaf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.config.CsrfConfig;
import dev.sheaf.config.GatewayConfig;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * CSRF prevention: what a page on another site could make a browser send without a preflight is
 * refused before anything runs; what apps, servers and Apollo clients send goes through.
 */
class CsrfTest {

  static final String QUERY = "{ user(id: \"42\") { name } }";
  static final String GET_URI = "/graphql?query=" + URLEncoder.encode(QUERY, StandardCharsets.UTF_8);

  @RegisterExtension
  static final TestGateway gateway = TestGateway.perClass();

  /** The gateway's own client, without the preflight header TestGateway's helpers add. */
  private static HttpResponse<Buffer> send(HttpRequest<Buffer> request, String body) {
    return TestGateway.await(body == null ? request.send() : request.sendBuffer(Buffer.buffer(body)));
  }

  private static String body() {
    return new JsonObject().put("query", QUERY).encode();
  }

  private static void assertRefused(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).isEqualTo(400);
    JsonObject error = response.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0);
    assertThat(error.getJsonObject("extensions").getString("code")).isEqualTo("CSRF_ERROR");
    assertThat(error.getString("message")).contains("Cross-Site Request Forgery")
        .contains("x-apollo-operation-name, apollo-require-preflight");
  }

  @Test
  void simpleRequestsABrowserSendsWithoutPreflightAreRefusedBeforeAnyBackendCall() {
    assertRefused(send(gateway.client.get(GET_URI), null));
    for (String contentType : List.of("text/plain", "text/plain; charset=utf-8", "application/x-www-form-urlencoded",
        "Multipart/Form-Data; boundary=x")) {
      assertRefused(send(gateway.client.post("/graphql").putHeader("content-type", contentType), body()));
    }
    assertThat(gateway.mocks.users().calls()).isZero();
  }

  @Test
  void jsonBodiesAndTheRequiredHeadersGoThrough() {
    for (HttpRequest<Buffer> request : List.of(
        gateway.client.post("/graphql").putHeader("content-type", "application/json"),
        gateway.client.post("/graphql").putHeader("content-type", "application/json; charset=utf-8"),
        gateway.client.get(GET_URI).putHeader("apollo-require-preflight", "true"),
        gateway.client.get(GET_URI).putHeader("x-apollo-operation-name", "User"),
        gateway.client.get(GET_URI).putHeader("content-type", "application/json"))) {
      HttpResponse<Buffer> response = send(request, request.method().name().equals("POST") ? body() : null);
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.bodyAsJsonObject().getJsonObject("data").getJsonObject("user").getString("name"))
          .isNotEmpty();
    }
  }

  @Test
  void restCompositeEndpointsHealthAndAGetNamingNoOperationAreNotAffected() {
    assertThat(send(gateway.client.get("/api/v1/home/42"), null).statusCode()).isEqualTo(200);
    assertThat(send(gateway.client.get("/health"), null).statusCode()).isEqualTo(200);
    // A browser opening /graphql as a page runs nothing: whatever answers it, it is not the CSRF check.
    HttpResponse<Buffer> page = send(gateway.client.get("/graphql").putHeader("accept", "text/html"), null);
    assertThat(page.bodyAsString()).doesNotContain("CSRF_ERROR");
  }

  @Test
  void turnedOffSimpleRequestsRunAsBefore() {
    try (TestGateway off = TestGateway.start(GatewayConfig.defaults().withPolicies(
        GatewayConfig.defaults().policies().withCsrf(new CsrfConfig(false, CsrfConfig.DEFAULT_REQUIRED_HEADERS))))) {
      HttpResponse<Buffer> response = send(off.client.get(GET_URI), null);
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.bodyAsJsonObject().getJsonObject("data").getJsonObject("user")).isNotNull();
    }
  }
}

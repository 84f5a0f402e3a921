package dev.sheaf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.auth.AuthMode;
import dev.sheaf.config.CorsConfig;
import dev.sheaf.config.GatewayConfig;
import dev.sheaf.mock.MockBackend;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Browser pages on another origin, over the wire, against a gateway that requires a token. */
class CorsTest {

  static final String PAGE = "https://shop.example.com";
  static final String QUERY = new JsonObject().put("query", "{ user(id: \"42\") { name } }").encode();

  @RegisterExtension
  static final TestGateway gateway = TestGateway.perClass(GatewayConfig.defaults()
          .withCors(CorsConfig.of(List.of(PAGE), false, Duration.ofMinutes(10), "test")))
      .trustingIdentityProvider(AuthMode.REQUIRED);

  @Test
  void aPreflightIsAnsweredBeforeAuthenticationAndCallsNoBackend() {
    MultiMap preflight = headers("origin", PAGE, "access-control-request-method", "POST",
        "access-control-request-headers", "authorization, content-type");

    HttpResponse<Buffer> graphql = gateway.send(HttpMethod.OPTIONS, "/graphql", preflight);
    HttpResponse<Buffer> rest = gateway.send(HttpMethod.OPTIONS, "/api/v1/home/42",
        headers("origin", PAGE, "access-control-request-method", "GET", "access-control-request-headers", "authorization"));

    for (HttpResponse<Buffer> answer : List.of(graphql, rest)) {
      assertThat(answer.statusCode()).isBetween(200, 204);
      assertThat(answer.getHeader("access-control-allow-origin")).isEqualTo(PAGE);
      assertThat(answer.getHeader("access-control-allow-methods")).contains("GET", "POST");
      assertThat(answer.getHeader("access-control-allow-headers").toLowerCase()).contains("authorization");
      assertThat(answer.getHeader("access-control-max-age")).isEqualTo("600");
      assertThat(answer.getHeader("www-authenticate")).isNull();
    }
    assertThat(backendCalls()).isZero();
  }

  @Test
  void aListedPageGetsAnAnswerItMayReadWithTheHeadersItNeeds() {
    HttpResponse<Buffer> answer = gateway.post(Buffer.buffer(QUERY),
        headers("origin", PAGE, "authorization", "Bearer " + token(), "content-type", "application/json"));

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.bodyAsJsonObject().getJsonObject("data").getJsonObject("user").getString("name")).isNotBlank();
    assertThat(answer.getHeader("access-control-allow-origin")).isEqualTo(PAGE);
    assertThat(answer.getHeader("access-control-allow-credentials")).isNull();
    assertThat(answer.getHeader("access-control-expose-headers").toLowerCase())
        .contains("etag", "sheaf-complete", "retry-after", "www-authenticate", "x-request-id", "server-timing",
            "sheaf-plan");
    assertThat(String.join(",", answer.headers().getAll("vary")).toLowerCase()).contains("origin");
  }

  @Test
  void aRefusedTokenIsStillReadableByThePageSoItCanSignIn() {
    HttpResponse<Buffer> answer = gateway.post(Buffer.buffer(QUERY),
        headers("origin", PAGE, "content-type", "application/json"));

    assertThat(answer.statusCode()).isEqualTo(401);
    assertThat(answer.getHeader("access-control-allow-origin")).isEqualTo(PAGE);
    assertThat(answer.getHeader("www-authenticate")).startsWith("Bearer");
    assertThat(backendCalls()).isZero();
  }

  @Test
  void aCachedRestAnswerVariesByOriginAndByTheToken() {
    // The quote calls only REST backends: no 300 ms gRPC timeout to miss on a busy machine.
    HttpResponse<Buffer> answer = gateway.send(HttpMethod.GET, "/api/v1/quote?ids=p1&ids=p2",
        headers("origin", PAGE, "authorization", "Bearer " + token()));

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.getHeader("etag")).isNotBlank();
    assertThat(answer.getHeader("access-control-allow-origin")).isEqualTo(PAGE);
    String vary = String.join(",", answer.headers().getAll("vary")).toLowerCase();
    assertThat(vary).contains("origin", "authorization");
  }

  @Test
  void aPageNotListedIsRefusedWith403AndCallsNoBackend() {
    HttpResponse<Buffer> answer = gateway.post(Buffer.buffer(QUERY),
        headers("origin", "https://elsewhere.example", "authorization", "Bearer " + token(),
            "content-type", "application/json"));
    HttpResponse<Buffer> preflight = gateway.send(HttpMethod.OPTIONS, "/graphql",
        headers("origin", "https://elsewhere.example", "access-control-request-method", "POST"));

    assertThat(answer.statusCode()).isEqualTo(403);
    assertThat(answer.getHeader("access-control-allow-origin")).isNull();
    assertThat(answer.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("message"))
        .contains("origin may not call");
    assertThat(preflight.statusCode()).isEqualTo(403);
    assertThat(preflight.getHeader("access-control-allow-origin")).isNull();
    assertThat(backendCalls()).isZero();
  }

  @Test
  void callsWithoutAnOriginSuchAsMobileAppsAreServedAsBefore() {
    HttpResponse<Buffer> answer = gateway.post(Buffer.buffer(QUERY),
        headers("authorization", "Bearer " + token(), "content-type", "application/json"));

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.getHeader("access-control-allow-origin")).isNull();
    assertThat(gateway.mocks.users().calls()).isEqualTo(1);
  }

  private static String token() {
    return gateway.token("42");
  }

  private static int backendCalls() {
    return gateway.mocks.all().stream().mapToInt(MockBackend::calls).sum();
  }

  private static MultiMap headers(String... namesAndValues) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      headers.add(namesAndValues[i], namesAndValues[i + 1]);
    }
    return headers;
  }

  @Test
  void aPageOnTheGatewaysOwnOriginNeedsNoListing() {
    // Browsers send Origin on a same-origin POST too; such a page must not be refused for being unlisted.
    String own = "http://127.0.0.1:" + gateway.sheaf.port();
    HttpResponse<Buffer> answer = gateway.post(Buffer.buffer(QUERY),
        headers("origin", own, "authorization", "Bearer " + token(), "content-type", "application/json"));

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.getHeader("access-control-allow-origin")).isNull();
    assertThat(gateway.mocks.users().calls()).isEqualTo(1);
  }
}

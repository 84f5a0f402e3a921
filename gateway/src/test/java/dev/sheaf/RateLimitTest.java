package dev.sheaf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.auth.AuthMode;
import dev.sheaf.config.GatewayConfig;
import dev.sheaf.config.RateLimitConfig;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Per-client rate limits in one gateway's memory: a bucket per token subject (or, without a token,
 * per client address), refused requests answered 429 before any backend is called.
 */
class RateLimitTest {

  static final int LIMIT = 3;
  static final String USER_QUERY = "{ user(id: \"42\") { name } }";

  // A minute per refill: no token comes back while a test runs, however slow the machine.
  @RegisterExtension
  static final TestGateway gateway = TestGateway.perClass(GatewayConfig.defaults().withPolicies(
          GatewayConfig.defaults().policies().withRateLimit(new RateLimitConfig(LIMIT, Duration.ofMinutes(1), 0,
              RateLimitConfig.DEFAULT_KEY, Map.of("vip", 5)))))
      .trustingIdentityProvider(AuthMode.OPTIONAL);

  private HttpResponse<Buffer> asUser(String sub) {
    return gateway.post(new JsonObject().put("query", USER_QUERY).toBuffer(),
        MultiMap.caseInsensitiveMultiMap().add("authorization", "Bearer " + gateway.token(sub)));
  }

  @Test
  void aClientOverItsLimitGets429WithRetryAfterAndNoBackendCall() {
    for (int i = 0; i < LIMIT; i++) {
      HttpResponse<Buffer> ok = asUser("alice");
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.getHeader("ratelimit-policy")).isEqualTo("\"default\";q=" + LIMIT + ";w=60");
      assertThat(ok.getHeader("ratelimit")).startsWith("\"default\";r=" + (LIMIT - 1 - i) + ";t=");
    }
    int usersCalls = gateway.mocks.users().calls();

    HttpResponse<Buffer> refused = asUser("alice");

    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(Integer.parseInt(refused.getHeader("retry-after"))).isBetween(1, 60);
    assertThat(refused.getHeader("ratelimit")).startsWith("\"default\";r=0;t=");
    JsonObject error = refused.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0);
    assertThat(error.getJsonObject("extensions").getString("code")).isEqualTo("RATE_LIMITED");
    assertThat(error.getString("message")).contains("at most 3 per 60 s");
    assertThat(gateway.mocks.users().calls()).as("no backend call for a refused request").isEqualTo(usersCalls);
  }

  @Test
  void eachSubjectHasItsOwnBucketAndAnOverrideRaisesOne() {
    for (int i = 0; i < LIMIT; i++) {
      assertThat(asUser("bob").statusCode()).isEqualTo(200);
    }
    assertThat(asUser("bob").statusCode()).isEqualTo(429);
    assertThat(asUser("carol").statusCode()).as("another subject is not affected").isEqualTo(200);

    List<Integer> vip = java.util.stream.IntStream.range(0, 6).mapToObj(i -> asUser("vip").statusCode()).toList();
    assertThat(vip).containsExactly(200, 200, 200, 200, 200, 429);
  }

  @Test
  void anonymousCallersAreLimitedByAddressOnGraphQLAndRestAlike() {
    // Every test's anonymous requests come from 127.0.0.1: a bucket this test has to itself.
    int answered = 0;
    HttpResponse<Buffer> last = null;
    for (int i = 0; i < LIMIT + 1; i++) {
      last = i % 2 == 0 ? gateway.post(new JsonObject().put("query", USER_QUERY).toBuffer(),
          MultiMap.caseInsensitiveMultiMap()) : gateway.send(HttpMethod.GET, "/api/v1/home/42",
          MultiMap.caseInsensitiveMultiMap());
      answered += last.statusCode() == 200 ? 1 : 0;
    }

    assertThat(answered).isEqualTo(LIMIT);
    assertThat(last.statusCode()).isEqualTo(429);
    assertThat(last.getHeader("content-type")).isEqualTo("application/problem+json");
    assertThat(last.bodyAsJsonObject().getInteger("status")).isEqualTo(429);
  }
}

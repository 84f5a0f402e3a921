package dev.sheaf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.auth.AuthMode;
import dev.sheaf.config.GatewayConfig;
import dev.sheaf.config.RateLimitConfig;
import dev.sheaf.config.RedisConfig;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two gateways sharing one real Redis, as two replicas behind a load balancer: one rate limit for
 * both, persisted queries registered through one run by the other, and, with Redis killed, both
 * keep answering.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SharedRedisTest {

  /** Requests per PERIOD for each subject: one comes back each second, so timing barely matters. */
  static final int N = 10;
  static final Duration PERIOD = Duration.ofSeconds(10);
  static final String USER_QUERY = "{ user(id: \"42\") { name } }";

  static final RedisServer redis = RedisServer.startForTests();

  @RegisterExtension
  static final TestGateway gateway = TestGateway.perClass(GatewayConfig.defaults().withPolicies(
          GatewayConfig.defaults().policies()
              .withRateLimit(new RateLimitConfig(N, PERIOD, 0, RateLimitConfig.DEFAULT_KEY, Map.of()))
              // Generous: a busy machine must not make Redis look down.
              .withRedis(new RedisConfig(redis.url(), Duration.ofSeconds(2)))))
      .trustingIdentityProvider(AuthMode.OPTIONAL);

  static Sheaf replica;
  static WebClient replicaClient;


  @BeforeAll
  static void startReplica() {
    replica = gateway.startReplica();
    replicaClient = WebClient.create(gateway.vertx,
        new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(replica.port()));
  }

  @AfterAll
  static void stop() {
    replicaClient.close();
    TestGateway.await(replica.close());
    redis.close();
  }

  /** A POST to one of the two gateways, as a load balancer would spread them. */
  private static Future<HttpResponse<Buffer>> send(int which, String sub, JsonObject body) {
    WebClient client = which % 2 == 0 ? gateway.client : replicaClient;
    return client.post("/graphql").putHeader("content-type", "application/json")
        .putHeader("authorization", "Bearer " + gateway.token(sub)).sendBuffer(body.toBuffer());
  }

  private static List<HttpResponse<Buffer>> sendAll(int count, String sub) {
    List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      sent.add(send(i, sub, new JsonObject().put("query", USER_QUERY)));
    }
    TestGateway.await(Future.join(sent));
    return sent.stream().map(Future::result).toList();
  }

  private static boolean pause() {
    try {
      Thread.sleep(50);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Test
  @Order(1)
  void twoReplicasEnforceOneLimitPerSubject() {
    long started = System.nanoTime();
    List<HttpResponse<Buffer>> answers = sendAll(3 * N, "dave");
    double seconds = (System.nanoTime() - started) / 1e9;

    long ok = answers.stream().filter(r -> r.statusCode() == 200).count();
    long limited = answers.stream().filter(r -> r.statusCode() == 429).count();
    assertThat(ok + limited).as("every answer is 200 or 429").isEqualTo(3 * N);
    // N at once, plus one per second the sending took; each replica alone would have let 2N through.
    assertThat(ok).as("answered in %.1f s", seconds).isBetween((long) N, N + (long) Math.ceil(seconds));
    assertThat(ok).isLessThan(2 * N);
    assertThat(limited).isGreaterThanOrEqualTo(N - (long) Math.ceil(seconds));
    assertThat(answers.stream().filter(r -> r.statusCode() == 429))
        .allSatisfy(r -> assertThat(r.getHeader("retry-after")).isNotNull());
  }

  @Test
  @Order(2)
  void aPersistedQueryRegisteredOnOneReplicaRunsOnTheOther() throws Exception {
    String query = "query Shared { user(id: \"7\") { id name } }";
    JsonObject extensions = PersistedQueriesTest.persisted(PersistedQueriesTest.sha256(query));

    HttpResponse<Buffer> unknown = TestGateway.await(send(1, "frank", new JsonObject().put("extensions", extensions)));
    assertThat(PersistedQueriesTest.code(unknown)).isEqualTo("PERSISTED_QUERY_NOT_FOUND");
    HttpResponse<Buffer> registered = TestGateway.await(send(0, "frank",
        new JsonObject().put("query", query).put("extensions", extensions)));
    assertThat(registered.statusCode()).isEqualTo(200);

    // The registration is written to Redis while the query runs, not before its answer: allow it a moment.
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    JsonObject byHash;
    do {
      byHash = TestGateway.await(send(1, "frank", new JsonObject().put("extensions", extensions))).bodyAsJsonObject();
    } while (byHash.getValue("data") == null && System.nanoTime() < deadline && pause());
    assertThat(byHash.getJsonObject("data").getJsonObject("user").getString("id")).isEqualTo("7");
  }

  @Test
  @Order(3)
  void withRedisKilledBothReplicasKeepAnsweringAndSaySoOnce() {
    try (CapturedLog log = new CapturedLog()) {
      redis.close();

      List<HttpResponse<Buffer>> answers = sendAll(3 * N, "erin");

      assertThat(answers).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));
      String said = "Redis at " + redis.url() + " does not answer";
      // Text lines, or the messages of JSON lines (CapturedLog adds them after the raw JSON).
      assertThat(log.text().lines().filter(line -> !line.startsWith("{") && line.contains(said)))
          .as("logged once per replica, not per request").hasSize(2);
    }
    String metrics = TestGateway.await(gateway.client.get(gateway.sheaf.adminPort(), "127.0.0.1", "/metrics").send())
        .bodyAsString();
    assertThat(metrics).containsPattern("sheaf_rate_limit_requests_total\\{outcome=\"failed_open\"} [1-9]")
        .containsPattern("sheaf_redis_failures_total\\{use=\"rateLimit\"} [1-9]");
  }
}

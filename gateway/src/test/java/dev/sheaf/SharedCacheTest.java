package dev.sheaf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.auth.AuthMode;
import dev.sheaf.config.CacheConfig;
import dev.sheaf.config.GatewayConfig;
import dev.sheaf.config.RedisConfig;
import dev.sheaf.mock.Eventually;
import dev.sheaf.mock.Knobs;
import dev.sheaf.mock.RecordedRequest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The answer cache in a real Redis that two gateways share, as two replicas behind a load balancer:
 * an answer one fetched is served by the other without a backend call, a per-caller answer only to
 * its own caller, a mutation on one is seen by the other, and with Redis killed both still answer,
 * calling the backends. Asserts on bodies and the mocks' call counts, never on timings. Each test
 * asks for ids of its own, as answers stay stored across tests.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SharedCacheTest {

  private static final String USER = "query($id: ID!) { user(id: $id) { id name } }";
  private static final String ORDERS = "query($id: ID!) { user(id: $id) { orders(limit: 2) { id } } }";

  static final RedisServer redis = RedisServer.startForTests();

  @RegisterExtension
  static final TestGateway gateway = TestGateway.perClass(GatewayConfig.defaults()
          // Generous: a busy machine must not make Redis look down.
          .withPolicies(GatewayConfig.defaults().policies().withRedis(new RedisConfig(redis.url(), Duration.ofSeconds(2))))
          .withCache(CacheConfig.defaults().withStore(CacheConfig.Store.REDIS)))
      .trustingIdentityProvider(AuthMode.OPTIONAL).withResolvers(CachingTest.cachedResolvers());

  static Sheaf replica;
  static WebClient replicaClient;
  /** The test's own look into Redis: what the gateways stored. */
  static Redis inspector;


  @BeforeAll
  static void startReplica() {
    replica = gateway.startReplica();
    replicaClient = WebClient.create(gateway.vertx,
        new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(replica.port()));
    inspector = Redis.createClient(gateway.vertx, redis.url());
  }

  @AfterAll
  static void stop() {
    inspector.close();
    replicaClient.close();
    TestGateway.await(replica.close());
    redis.close();
  }

  /** A query to the first gateway (0) or the replica (1), as a load balancer would send it. */
  private static JsonObject data(int which, String token, String query, String id) {
    WebClient client = which == 0 ? gateway.client : replicaClient;
    var request = client.post("/graphql").putHeader("content-type", "application/json");
    if (token != null) {
      request.putHeader("authorization", "Bearer " + token);
    }
    HttpResponse<Buffer> response = TestGateway.await(request.sendBuffer(new JsonObject().put("query", query)
        .put("variables", Map.of("id", id)).toBuffer()));
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    assertThat(response.bodyAsJsonObject().containsKey("errors")).as(response.bodyAsString()).isFalse();
    return response.bodyAsJsonObject().getJsonObject("data");
  }

  /** How many answers and entity objects Redis holds (generation counters left out). */
  private static long entries() {
    Response keys = TestGateway.await(inspector.send(Request.cmd(Command.KEYS, "sheaf:cache:*")));
    long count = 0;
    for (Response key : keys) {
      count += key.toString().startsWith("sheaf:cache:generation:") ? 0 : 1;
    }
    return count;
  }

  /**
   * Waits until Redis holds {@code atLeast} entries: a gateway answers before Redis has stored
   * what it sent (storing is never waited for), and a replica may ask a moment later.
   */
  private static void awaitEntries(long atLeast) {
    AtomicLong seen = new AtomicLong();
    TestGateway.await(Eventually.holds(gateway.vertx, Duration.ofSeconds(10), () -> {
      inspector.send(Request.cmd(Command.KEYS, "sheaf:cache:*")).onSuccess(keys -> seen.set(
          keys.stream().filter(k -> !k.toString().startsWith("sheaf:cache:generation:")).count()));
      return seen.get() >= atLeast;
    }));
  }

  @Test
  @Order(1)
  void anAnswerOneReplicaFetchedIsServedByTheOtherWithoutACall() {
    gateway.mocks.users().setKnobs(Knobs.none().withCacheControl("max-age=60"));
    long before = entries();

    JsonObject first = data(0, null, USER, "301");
    awaitEntries(before + 1);
    JsonObject second = data(1, null, USER, "301");

    assertThat(first.getJsonObject("user").getString("id")).isEqualTo("301");
    assertThat(second).isEqualTo(first);
    assertThat(gateway.mocks.users().calls()).isEqualTo(1);
  }

  @Test
  @Order(2)
  void entityObjectsOneReplicaFetchedAreNotAskedForByTheOther() {
    gateway.mocks.catalog().setKnobs(Knobs.none().withCacheControl("max-age=60"));
    List<String> five = IntStream.rangeClosed(311, 315).mapToObj(n -> "p" + n).toList();
    List<String> six = IntStream.rangeClosed(311, 316).mapToObj(n -> "p" + n).toList();
    long before = entries();

    gateway.graphqlData(products(five), Map.of());
    awaitEntries(before + 5);
    HttpResponse<Buffer> response = TestGateway.await(replicaClient.post("/graphql")
        .putHeader("content-type", "application/json")
        .sendBuffer(new JsonObject().put("query", products(six)).toBuffer()));

    JsonObject all = response.bodyAsJsonObject().getJsonObject("data");
    assertThat(all.getJsonObject("p311").getString("id")).as(response.bodyAsString()).isEqualTo("p311");
    assertThat(all.getJsonObject("p316").getString("id")).isEqualTo("p316");
    assertThat(gateway.mocks.catalog().calls()).isEqualTo(2);
    assertThat(gateway.mocks.catalog().requests().get(1).queryParam("ids")).isEqualTo("p316");
  }

  /** One aliased product field per id, all batched into one catalog call. */
  private static String products(List<String> ids) {
    return ids.stream().map(id -> id + ": product(id: \"" + id + "\") { id name }")
        .collect(Collectors.joining(" ", "{ ", " }"));
  }

  @Test
  @Order(3)
  void aStaleAnswerInRedisIsRevalidatedByTheOtherReplicaAndItsBodyReused() {
    gateway.mocks.users().setKnobs(Knobs.none().withCacheControl("max-age=0").withValidators(true));
    long before = entries();

    JsonObject first = data(0, null, USER, "302");
    awaitEntries(before + 1);
    JsonObject second = data(1, null, USER, "302");

    assertThat(second).isEqualTo(first);
    assertThat(gateway.mocks.users().calls()).isEqualTo(2);
    List<RecordedRequest> calls = gateway.mocks.users().requests();
    assertThat(calls.get(0).header("if-none-match")).isNull();
    assertThat(calls.get(1).header("if-none-match")).as("the ETag stored by the other replica").startsWith("\"");
  }

  @Test
  @Order(4)
  void aPerCallerAnswerIsSharedAcrossReplicasOnlyWithItsOwnCaller() {
    gateway.mocks.orders().setKnobs(Knobs.none().withCacheControl("private, max-age=60"));
    String alice = gateway.token("alice");
    String bob = gateway.token("bob");
    long before = entries();

    JsonObject aliceFirst = data(0, alice, ORDERS, "303");
    awaitEntries(before + 1);
    data(1, bob, ORDERS, "303");
    awaitEntries(before + 2);
    JsonObject aliceOnTheReplica = data(1, alice, ORDERS, "303");
    data(0, bob, ORDERS, "303");

    assertThat(aliceOnTheReplica).isEqualTo(aliceFirst);
    // One call per caller, whichever replica asks: each one's answer is theirs alone.
    assertThat(gateway.mocks.orders().calls()).isEqualTo(2);
    assertThat(gateway.mocks.orders().requests()).extracting(r -> r.header("authorization"))
        .containsExactly("Bearer " + alice, "Bearer " + bob);
  }

  @Test
  @Order(5)
  void aMutationOnOneReplicaMakesTheOthersStoredAnswerAMiss() {
    gateway.mocks.users().setKnobs(Knobs.none().withCacheControl("max-age=60"));
    long before = entries();
    data(0, null, USER, "304");
    awaitEntries(before + 1);

    HttpResponse<Buffer> renamed = gateway.post(new JsonObject()
        .put("query", "mutation { renameMe(name: \"Renamed Person\") { id } }").toBuffer(),
        io.vertx.core.MultiMap.caseInsensitiveMultiMap().add("authorization", "Bearer " + gateway.token("304")));
    assertThat(renamed.bodyAsString()).doesNotContain("errors");
    // The invalidation is sent to Redis as the mutation answers, not waited for.
    AtomicLong generation = new AtomicLong();
    TestGateway.await(Eventually.holds(gateway.vertx, Duration.ofSeconds(10), () -> {
      inspector.send(Request.cmd(Command.GET, "sheaf:cache:generation:GET /users/{args.id}"))
          .onSuccess(reply -> generation.set(reply == null ? 0 : reply.toLong()));
      return generation.get() > 0;
    }));

    JsonObject after = data(1, null, USER, "304");

    assertThat(after.getJsonObject("user").getString("name")).isEqualTo("Renamed Person");
    assertThat(gateway.mocks.users().calls()).isEqualTo(3); // read, rename, read again
  }

  @Test
  @Order(6)
  void withRedisKilledBothReplicasAnswerFromTheBackendsAndCountTheBypass() {
    gateway.mocks.users().setKnobs(Knobs.none().withCacheControl("max-age=60"));
    try (CapturedLog log = new CapturedLog()) {
      redis.close();

      for (int i = 0; i < 6; i++) {
        String id = Integer.toString(320 + i);
        JsonObject answer = data(i % 2, null, USER, id);
        assertThat(answer.getJsonObject("user").getString("id")).isEqualTo(id);
      }

      assertThat(gateway.mocks.users().calls()).as("every answer from the backend").isEqualTo(6);
      String said = "Redis at " + redis.url() + " does not answer";
      assertThat(log.text().lines().filter(line -> !line.startsWith("{") && line.contains(said)))
          .as("logged once per replica, not per request").hasSize(2);
    }
    for (Sheaf each : List.of(gateway.sheaf, replica)) {
      String metrics = TestGateway.await(gateway.client.get(each.adminPort(), "127.0.0.1", "/metrics").send())
          .bodyAsString();
      assertThat(metrics).containsPattern("sheaf_cache_redis_bypasses_total\\{op=\"get\"} [1-9]")
          .containsPattern("sheaf_redis_failures_total\\{use=\"answerCache\"} [1-9]");
    }
  }
}

package dev.sheaf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.auth.AuthMode;
import dev.sheaf.config.GatewayConfig;
import dev.sheaf.mock.Eventually;
import dev.sheaf.mock.Knobs;
import dev.sheaf.mock.RecordedRequest;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The answer cache over the wire: the real gateway and the real mocks, which send Cache-Control and
 * ETag as their knobs say. Asserts on the mocks' call counts and recorded requests, never on timings.
 * Answers stay cached across tests of this class, so each test asks for ids of its own.
 */
class CachingTest {

  private static final Path RESOLVERS = cachedResolvers();

  @RegisterExtension
  static final TestGateway gateway = TestGateway.perClass(GatewayConfig.defaults()
          .withInsight(GatewayConfig.defaults().insight().withDebugEnabled(true)))
      .trustingIdentityProvider(AuthMode.OPTIONAL).withResolvers(RESOLVERS);

  private static final String USER = "query($id: ID!) { user(id: $id) { id name } }";
  private static final String ORDERS = "query($id: ID!) { user(id: $id) { orders(limit: 2) { id } } }";
  private static final String PRODUCT = "query($id: ID!) { product(id: $id) { id name price } }";

  /** The sample bindings with users, orders and catalog cached as their answers say, inventory for 60s. */
  static Path cachedResolvers() {
    try {
      Path dir = Files.createTempDirectory("caching-test");
      TestGateway.copySampleResolvers(dir, text -> text
          .replace("claimHeaders: { x-user-id: sub }", "claimHeaders: { x-user-id: sub }\n    cache: on")
          .replace("forwardAuthorization: true   # the orders service checks the caller's token itself",
              "forwardAuthorization: true\n    cache: on")
          .replace("7103}\n    timeout: 500ms", "7103}\n    timeout: 5s\n    cache: on")
          .replace("timeout: 300ms\n    maxConcurrentStreams: 100",
              "timeout: 5s\n    maxConcurrentStreams: 100\n    cache: { ttl: 60s }")
          .replace("    patch: /users/{claims.sub}\n", "    patch: /users/{claims.sub}\n"
              + "    invalidates: [\"GET /users/{args.id}\"]\n"));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonObject data(String query, String id) {
    return gateway.graphqlData(query, Map.of("id", id));
  }

  private static JsonObject dataAs(String token, String query, String id) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("authorization", "Bearer " + token);
    HttpResponse<Buffer> response = gateway.post(new JsonObject().put("query", query)
        .put("variables", Map.of("id", id)).toBuffer(), headers);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    assertThat(response.bodyAsJsonObject().containsKey("errors")).as(response.bodyAsString()).isFalse();
    return response.bodyAsJsonObject().getJsonObject("data");
  }

  @Test
  void freshAnswerIsServedWithoutACall() {
    gateway.mocks.users().setKnobs(Knobs.none().withCacheControl("max-age=60"));

    JsonObject first = data(USER, "101");
    JsonObject second = data(USER, "101");

    assertThat(second).isEqualTo(first);
    assertThat(first.getJsonObject("user").getString("id")).isEqualTo("101");
    assertThat(gateway.mocks.users().calls()).isEqualTo(1);

    // The request's plan says where the answer came from.
    HttpResponse<Buffer> planned = gateway.post(new JsonObject().put("query", USER).put("variables", Map.of("id", "101"))
        .toBuffer(), MultiMap.caseInsensitiveMultiMap().add("Sheaf-Debug", "plan"));
    JsonObject call = planned.bodyAsJsonObject().getJsonObject("extensions").getJsonObject("sheaf")
        .getJsonArray("calls").getJsonObject(0);
    assertThat(call.getString("backend")).isEqualTo("users");
    assertThat(call.getString("cache")).as(planned.bodyAsString()).isEqualTo("hit");
    assertThat(gateway.mocks.users().calls()).isEqualTo(1);
  }

  @Test
  void staleAnswerIsRevalidatedAndItsBodyReusedOnA304() {
    gateway.mocks.users().setKnobs(Knobs.none().withCacheControl("max-age=0").withValidators(true));

    JsonObject first = data(USER, "102");
    JsonObject second = data(USER, "102");

    assertThat(second).isEqualTo(first);
    assertThat(gateway.mocks.users().calls()).isEqualTo(2);
    List<RecordedRequest> calls = gateway.mocks.users().requests();
    assertThat(calls.get(0).header("if-none-match")).isNull();
    assertThat(calls.get(1).header("if-none-match")).as("the stored answer's ETag").startsWith("\"");
    assertThat(calls.get(1).header("if-modified-since")).isNotNull();
  }

  @Test
  void staleAnswerStandsInForAFailureWithinStaleIfError() {
    gateway.mocks.users().setKnobs(Knobs.none().withCacheControl("max-age=0, stale-if-error=60"));
    JsonObject first = data(USER, "110");
    gateway.mocks.users().setKnobs(Knobs.none().withErrorStatus(503));

    JsonObject second = data(USER, "110");

    assertThat(second).isEqualTo(first);
    assertThat(gateway.mocks.users().calls()).isEqualTo(2); // the failed call was made
  }

  @Test
  void staleAnswerIsServedAtOnceAndRevalidatedInTheBackground() {
    gateway.mocks.users().setKnobs(Knobs.none().withCacheControl("max-age=0, stale-while-revalidate=60"));
    JsonObject first = data(USER, "111");
    gateway.mocks.users().setKnobs(Knobs.none().withCacheControl("max-age=0, stale-while-revalidate=60")
        .withLatency(3_000));

    JsonObject second = data(USER, "111"); // does not wait the 3 s: the stored answer is served

    assertThat(second).isEqualTo(first);
    TestGateway.await(Eventually.holds(gateway.vertx, Duration.ofSeconds(20),
        () -> gateway.mocks.users().calls() == 2));
  }

  @Test
  void noStoreAnswersAreNeverKept() {
    gateway.mocks.users().setKnobs(Knobs.none().withCacheControl("no-store, max-age=60"));

    data(USER, "103");
    data(USER, "103");

    assertThat(gateway.mocks.users().calls()).isEqualTo(2);
  }

  @Test
  void privateAnswersToCallsWithoutACallerAreNeverKept() {
    gateway.mocks.users().setKnobs(Knobs.none().withCacheControl("private, max-age=60"));

    data(USER, "104");
    data(USER, "104");

    assertThat(gateway.mocks.users().calls()).isEqualTo(2);
  }

  @Test
  void perCallerAnswersAreNeverServedToAnotherCaller() {
    gateway.mocks.orders().setKnobs(Knobs.none().withCacheControl("private, max-age=60"));
    String alice = gateway.token("alice");
    String bob = gateway.token("bob");

    JsonObject aliceFirst = dataAs(alice, ORDERS, "105");
    dataAs(bob, ORDERS, "105");
    JsonObject aliceAgain = dataAs(alice, ORDERS, "105");
    dataAs(bob, ORDERS, "105");

    assertThat(aliceAgain).isEqualTo(aliceFirst);
    // One call per caller: each one's own answer is kept for them, never given to the other.
    assertThat(gateway.mocks.orders().calls()).isEqualTo(2);
    assertThat(gateway.mocks.orders().requests()).extracting(r -> r.header("authorization"))
        .containsExactly("Bearer " + alice, "Bearer " + bob);
  }

  @Test
  void concurrentRequestsForOneProductMakeOneCall() {
    // Nothing is stored (no Cache-Control): the one call is shared while it is in flight.
    gateway.mocks.catalog().setKnobs(Knobs.none().withLatency(2_000));
    int requests = 200;
    WebClient client = WebClient.create(gateway.vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(gateway.sheaf.port()), new PoolOptions().setHttp1MaxSize(requests));
    try {
      List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
      for (int i = 0; i < requests; i++) {
        sent.add(client.post("/graphql").putHeader("content-type", "application/json")
            .sendBuffer(new JsonObject().put("query", PRODUCT).put("variables", Map.of("id", "p106")).toBuffer()));
      }
      TestGateway.await(Future.all(sent));
      for (Future<HttpResponse<Buffer>> answer : sent) {
        JsonObject body = answer.result().bodyAsJsonObject();
        assertThat(body.getJsonObject("data").getJsonObject("product").getString("id")).as(body.encode())
            .isEqualTo("p106");
      }
    } finally {
      client.close();
    }
    assertThat(gateway.mocks.catalog().calls()).isEqualTo(1);
  }

  @Test
  void entityBatchAsksOnlyForTheKeysNotStored() {
    gateway.mocks.catalog().setKnobs(Knobs.none().withCacheControl("max-age=60"));
    List<String> eighteen = IntStream.rangeClosed(201, 218).mapToObj(n -> "p" + n).toList();
    List<String> twenty = IntStream.rangeClosed(201, 220).mapToObj(n -> "p" + n).toList();

    gateway.graphqlData(products(eighteen), Map.of());
    JsonObject all = gateway.graphqlData(products(twenty), Map.of());

    assertThat(all.getJsonObject("p220").getString("id")).isEqualTo("p220");
    assertThat(all.getJsonObject("p201").getString("id")).isEqualTo("p201");
    assertThat(gateway.mocks.catalog().calls()).isEqualTo(2);
    String asked = gateway.mocks.catalog().requests().get(1).queryParam("ids");
    assertThat(asked.split(",")).containsExactlyInAnyOrder("p219", "p220");
  }

  /** One aliased product field per id, all batched into one catalog call. */
  private static String products(List<String> ids) {
    return ids.stream().map(id -> id + ": product(id: \"" + id + "\") { id name }")
        .collect(Collectors.joining(" ", "{ ", " }"));
  }

  @Test
  void conditionalGetOfACompositeIsAnswered304WithoutBackendCalls() {
    gateway.mocks.catalog().setKnobs(Knobs.none().withCacheControl("max-age=60"));

    HttpResponse<Buffer> first = gateway.get("/api/v1/products/p107");
    assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(200);
    String etag = first.getHeader("etag");
    assertThat(etag).as(first.headers() + first.bodyAsString()).isNotNull();
    // The endpoint declares max-age=300; the catalog's answer is fresh for 60s at most.
    assertThat(maxAge(first.getHeader("cache-control"))).isBetween(0L, 60L);
    gateway.mocks.resetStats();

    HttpResponse<Buffer> again = gateway.send(HttpMethod.GET, "/api/v1/products/p107",
        MultiMap.caseInsensitiveMultiMap().add("if-none-match", etag));

    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.getHeader("etag")).isEqualTo(etag);
    assertThat(gateway.mocks.catalog().calls()).isZero();
    assertThat(gateway.mocks.inventory().calls()).isZero();
  }

  private static long maxAge(String cacheControl) {
    Matcher m = Pattern.compile("max-age=(\\d+)").matcher(cacheControl);
    assertThat(m.find()).as(cacheControl).isTrue();
    return Long.parseLong(m.group(1));
  }

  @Test
  void aMutationForgetsTheAnswersItInvalidates() {
    gateway.mocks.users().setKnobs(Knobs.none().withCacheControl("max-age=60"));
    data(USER, "108");
    data(USER, "108");
    assertThat(gateway.mocks.users().calls()).isEqualTo(1);

    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("authorization", "Bearer " + gateway.token("108"));
    HttpResponse<Buffer> renamed = gateway.post(new JsonObject()
        .put("query", "mutation { renameMe(name: \"Renamed Person\") { id } }").toBuffer(), headers);
    assertThat(renamed.bodyAsString()).doesNotContain("errors");

    JsonObject after = data(USER, "108");
    assertThat(after.getJsonObject("user").getString("name")).isEqualTo("Renamed Person");
    assertThat(gateway.mocks.users().calls()).isEqualTo(3); // read, rename, read again
  }

  @Test
  void cacheMetricsCountHitsAndBytes() {
    gateway.mocks.users().setKnobs(Knobs.none().withCacheControl("max-age=60"));
    data(USER, "109");
    data(USER, "109");

    String metrics = TestGateway.await(gateway.client.get(gateway.sheaf.adminPort(), "127.0.0.1", "/metrics").send())
        .bodyAsString();
    assertThat(metrics).containsPattern("sheaf_cache_lookups_total\\{outcome=\"hit\"} [1-9]");
    assertThat(metrics).containsPattern("sheaf_cache_bytes [1-9]");
    assertThat(metrics).contains("sheaf_cache_evictions_total");
  }
}

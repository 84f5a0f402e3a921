package dev.sheaf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.config.GatewayConfig;
import dev.sheaf.config.PersistedQueriesConfig;
import dev.sheaf.reload.ReloadAttempt;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Automatic persisted queries as Apollo clients use them, over POST and GET, against the real gateway. */
class PersistedQueriesTest {

  static final String GRAPHQL_RESPONSE = "application/graphql-response+json";
  static final String USER = "query($id: ID!) { user(id: $id) { id } }";
  static final Map<String, Object> VARIABLES = Map.of("id", "3");

  // Two event loops: a query registered on one connection must be found from another.
  @RegisterExtension
  static final TestGateway gateway = TestGateway.perClass(GatewayConfig.defaults().withEventLoops(2));

  static String sha256(String text) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  static JsonObject persisted(String hash) {
    return new JsonObject().put("persistedQuery", new JsonObject().put("version", 1).put("sha256Hash", hash));
  }

  static HttpResponse<Buffer> post(TestGateway on, String query, JsonObject extensions, String accept) {
    JsonObject body = new JsonObject().put("variables", VARIABLES).put("extensions", extensions);
    if (query != null) {
      body.put("query", query);
    }
    return on.post(body.toBuffer(), MultiMap.caseInsensitiveMultiMap().add("accept", accept));
  }

  static String getUri(String query, JsonObject extensions, Map<String, Object> variables) {
    StringBuilder uri = new StringBuilder("/graphql?extensions=")
        .append(URLEncoder.encode(extensions.encode(), StandardCharsets.UTF_8))
        .append("&variables=").append(URLEncoder.encode(new JsonObject(variables).encode(), StandardCharsets.UTF_8));
    if (query != null) {
      uri.append("&query=").append(URLEncoder.encode(query, StandardCharsets.UTF_8));
    }
    return uri.toString();
  }

  static JsonObject firstError(HttpResponse<Buffer> response) {
    return response.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0);
  }

  static String code(HttpResponse<Buffer> response) {
    return firstError(response).getJsonObject("extensions").getString("code");
  }

  @Test
  void apolloFlowRegistersOnceThenRunsByHashFromAnyConnectionAndOverGet() throws Exception {
    String query = USER + " # flow";
    String hash = sha256(query);

    HttpResponse<Buffer> unknown = post(gateway, null, persisted(hash), GRAPHQL_RESPONSE);
    assertThat(unknown.statusCode()).isEqualTo(200);
    assertThat(firstError(unknown).getString("message")).isEqualTo("PersistedQueryNotFound");
    assertThat(code(unknown)).isEqualTo("PERSISTED_QUERY_NOT_FOUND");
    assertThat(unknown.getHeader("cache-control")).isEqualTo("no-store");
    assertThat(unknown.bodyAsJsonObject().containsKey("data")).isTrue();
    assertThat(unknown.bodyAsJsonObject().getValue("data")).isNull();
    assertThat(gateway.mocks.users().requests()).isEmpty();

    HttpResponse<Buffer> registered = post(gateway, query, persisted(hash), GRAPHQL_RESPONSE);
    assertThat(registered.statusCode()).isEqualTo(200);
    assertThat(registered.bodyAsJsonObject().getJsonObject("data").getJsonObject("user").getString("id")).isEqualTo("3");

    WebClient other = WebClient.create(gateway.vertx,
        new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(gateway.sheaf.port()));
    try {
      for (int connection = 0; connection < 2; connection++) {
        HttpResponse<Buffer> byPost = TestGateway.await(other.post("/graphql").putHeader("content-type", "application/json")
            .putHeader("accept", GRAPHQL_RESPONSE)
            .sendBuffer(new JsonObject().put("variables", VARIABLES).put("extensions", persisted(hash)).toBuffer()));
        assertThat(byPost.statusCode()).isEqualTo(200);
        assertThat(byPost.bodyAsJsonObject().getJsonObject("data").getJsonObject("user").getString("id")).isEqualTo("3");
        other.close();
        other = WebClient.create(gateway.vertx,
            new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(gateway.sheaf.port()).setKeepAlive(false));
      }
      // A GET carries a header no form can send, as Apollo's clients do (CSRF prevention).
      HttpResponse<Buffer> byGet = TestGateway.await(other.get(getUri(null, persisted(hash), VARIABLES))
          .putHeader("accept", GRAPHQL_RESPONSE).putHeader("apollo-require-preflight", "true").send());
      assertThat(byGet.statusCode()).isEqualTo(200);
      assertThat(byGet.bodyAsJsonObject().getJsonObject("data").getJsonObject("user").getString("id")).isEqualTo("3");
    } finally {
      other.close();
    }
  }

  @Test
  void registeredQueriesSurviveAReloadThatAppliesANewConfiguration(@TempDir Path dir) throws Exception {
    Path schema = Files.createDirectories(dir.resolve("schema"));
    Path resolvers = Files.createDirectories(dir.resolve("resolvers"));
    TestGateway.copySampleSchema(schema);
    TestGateway.copySampleResolvers(resolvers, text -> text);
    String query = USER + " # reload";
    String hash = sha256(query);
    try (TestGateway reloading = TestGateway.startOn(schema, resolvers)) {
      post(reloading, query, persisted(hash), "application/json");

      Files.writeString(resolvers.resolve("shop.yaml"), "\n# changed\n", StandardOpenOption.APPEND);
      ReloadAttempt attempt = TestGateway.await(reloading.sheaf.reload("test"));
      HttpResponse<Buffer> byHash = post(reloading, null, persisted(hash), "application/json");

      assertThat(attempt.outcome()).isEqualTo(ReloadAttempt.Outcome.APPLIED);
      assertThat(byHash.bodyAsJsonObject().getJsonObject("data").getJsonObject("user").getString("id")).isEqualTo("3");
    }
  }

  @Test
  void notFoundIs200ForLegacyJsonToo() throws Exception {
    HttpResponse<Buffer> response = post(gateway, null, persisted(sha256("{ __typename } # never sent")), "application/json");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("content-type")).startsWith("application/json");
    assertThat(code(response)).isEqualTo("PERSISTED_QUERY_NOT_FOUND");
  }

  @Test
  void getWithHashAndQueryRegistersAndRuns() throws Exception {
    String query = USER + " # over get";
    String hash = sha256(query);

    HttpResponse<Buffer> registered = gateway.send(HttpMethod.GET, getUri(query, persisted(hash), VARIABLES),
        MultiMap.caseInsensitiveMultiMap());
    HttpResponse<Buffer> byHash = gateway.send(HttpMethod.GET, getUri(null, persisted(hash), VARIABLES),
        MultiMap.caseInsensitiveMultiMap());

    assertThat(registered.statusCode()).isEqualTo(200);
    assertThat(byHash.statusCode()).isEqualTo(200);
    assertThat(byHash.bodyAsJsonObject().getJsonObject("data").getJsonObject("user").getString("id")).isEqualTo("3");
  }

  @Test
  void wrongHashIsRefusedNotStoredAndCallsNoBackend() throws Exception {
    String query = USER + " # mismatch";
    String wrong = sha256(query + " ");

    HttpResponse<Buffer> refused = post(gateway, query, persisted(wrong), "application/json");
    HttpResponse<Buffer> lookup = post(gateway, null, persisted(wrong), "application/json");

    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(code(refused)).isEqualTo("PERSISTED_QUERY_HASH_MISMATCH");
    assertThat(refused.bodyAsJsonObject().containsKey("data")).isFalse();
    assertThat(code(lookup)).isEqualTo("PERSISTED_QUERY_NOT_FOUND");
    assertThat(gateway.mocks.users().requests()).isEmpty();
  }

  @Test
  void mutationByHashOverGetIs405() throws Exception {
    String mutation = "mutation { cancelOrder(orderId: \"o-1-1\") { id } }";
    String hash = sha256(mutation);
    // Registered over GET: refused with 405 all the same, so nothing runs.
    HttpResponse<Buffer> registering = gateway.send(HttpMethod.GET, getUri(mutation, persisted(hash), Map.of()),
        MultiMap.caseInsensitiveMultiMap());

    HttpResponse<Buffer> byHash = gateway.send(HttpMethod.GET, getUri(null, persisted(hash), Map.of()),
        MultiMap.caseInsensitiveMultiMap());

    assertThat(registering.statusCode()).isEqualTo(405);
    assertThat(byHash.statusCode()).isEqualTo(405);
    assertThat(byHash.getHeader("allow")).isEqualTo("POST");
    assertThat(gateway.mocks.orders().requests()).noneMatch(r -> r.method().equals("DELETE"));
  }

  @Test
  void otherVersionsAndMalformedHashesAre400() throws Exception {
    JsonObject version2 = new JsonObject().put("persistedQuery",
        new JsonObject().put("version", 2).put("sha256Hash", sha256("{ __typename }")));
    JsonObject shortHash = persisted("abc");

    HttpResponse<Buffer> wrongVersion = post(gateway, null, version2, "application/json");
    HttpResponse<Buffer> malformed = post(gateway, null, shortHash, "application/json");

    assertThat(wrongVersion.statusCode()).isEqualTo(400);
    assertThat(code(wrongVersion)).isEqualTo("PERSISTED_QUERY_VERSION_NOT_SUPPORTED");
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(firstError(malformed).getString("message")).contains("64 hexadecimal digits");
  }

  @Test
  void disabledAnswersNotSupportedAndStillRunsQueriesSentWithAHash() throws Exception {
    String query = USER + " # disabled";
    try (TestGateway off = TestGateway.start(GatewayConfig.defaults()
        .withPersistedQueries(PersistedQueriesConfig.defaults().withEnabled(false)))) {
      HttpResponse<Buffer> byHash = post(off, null, persisted(sha256(query)), GRAPHQL_RESPONSE);
      HttpResponse<Buffer> withText = post(off, query, persisted(sha256(query)), GRAPHQL_RESPONSE);

      assertThat(byHash.statusCode()).isEqualTo(200);
      assertThat(firstError(byHash).getString("message")).isEqualTo("PersistedQueryNotSupported");
      assertThat(code(byHash)).isEqualTo("PERSISTED_QUERY_NOT_SUPPORTED");
      assertThat(withText.statusCode()).isEqualTo(200);
      assertThat(withText.bodyAsJsonObject().getJsonObject("data").getJsonObject("user").getString("id")).isEqualTo("3");
    }
  }

  @Test
  void theLeastRecentlyUsedQueryIsEvictedPastMaxEntries() throws Exception {
    String first = USER + " # first";
    String second = USER + " # second";
    try (TestGateway small = TestGateway.start(GatewayConfig.defaults()
        .withPersistedQueries(PersistedQueriesConfig.defaults().withMaxEntries(1)))) {
      post(small, first, persisted(sha256(first)), "application/json");
      post(small, second, persisted(sha256(second)), "application/json");

      assertThat(code(post(small, null, persisted(sha256(first)), "application/json")))
          .isEqualTo("PERSISTED_QUERY_NOT_FOUND");
      assertThat(post(small, null, persisted(sha256(second)), "application/json").bodyAsJsonObject()
          .getJsonObject("data").getJsonObject("user").getString("id")).isEqualTo("3");
    }
  }
}

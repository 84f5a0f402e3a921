package dev.sheaf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sheaf.config.GatewayConfig;
import dev.sheaf.config.TrustedDocumentsMode;
import dev.sheaf.reload.ReloadAttempt;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trusted documents (safelisting) from Apollo and Relay manifests, against the real gateway and mock backends. */
class TrustedDocumentsTest {

  static final String GRAPHQL_RESPONSE = "application/graphql-response+json";
  static final String APOLLO_BODY = "query User($id: ID!) { user(id: $id) { id } }";
  static final String RELAY_ID = "relay-user-name";
  static final String RELAY_BODY = "query UserName($id: ID!) { user(id: $id) { id name } }";
  static final String UNTRUSTED = "query($id: ID!) { user(id: $id) { id } } # not in any manifest";
  static final Map<String, Object> VARIABLES = Map.of("id", "3");

  @TempDir
  static Path dir;
  static TestGateway enforcing;

  @BeforeAll
  static void start() throws Exception {
    Path schema = sampleWithManifests(dir.resolve("enforce"));
    enforcing = TestGateway.start(GatewayConfig.defaults().withTrustedDocuments(TrustedDocumentsMode.ENFORCE),
        schema, TestGateway.RESOLVERS, Map.of());
  }

  @AfterAll
  static void stop() {
    enforcing.close();
  }

  @BeforeEach
  void resetCounts() {
    enforcing.mocks.resetStats();
  }

  /** The sample schema plus an Apollo manifest and a Relay one in its trusted/ folder. */
  static Path sampleWithManifests(Path root) throws Exception {
    Path schema = Files.createDirectories(root.resolve("schema"));
    TestGateway.copySampleSchema(schema);
    Path trusted = Files.createDirectories(schema.resolve("trusted"));
    Files.writeString(trusted.resolve("apollo.json"), apolloManifest("User", APOLLO_BODY).encodePrettily());
    Files.writeString(trusted.resolve("persisted_queries.json"), new JsonObject().put(RELAY_ID, RELAY_BODY).encode());
    return schema;
  }

  static JsonObject apolloManifest(String name, String body) throws Exception {
    return new JsonObject().put("format", "apollo-persisted-query-manifest").put("version", 1)
        .put("operations", new JsonArray().add(new JsonObject().put("id", PersistedQueriesTest.sha256(body))
            .put("name", name).put("type", "query").put("body", body)));
  }

  static HttpResponse<Buffer> post(TestGateway on, JsonObject body, String accept) {
    return on.post(body.put("variables", VARIABLES).toBuffer(), MultiMap.caseInsensitiveMultiMap().add("accept", accept));
  }

  static String userId(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject().getJsonObject("data").getJsonObject("user").getString("id");
  }

  @Test
  void enforceRefusesAnOperationInNoManifestBeforeAnyBackendCall() {
    for (String accept : new String[] {GRAPHQL_RESPONSE, "application/json"}) {
      HttpResponse<Buffer> refused = post(enforcing, new JsonObject().put("query", UNTRUSTED), accept);

      assertThat(refused.statusCode()).isEqualTo(403);
      assertThat(PersistedQueriesTest.code(refused)).isEqualTo("OPERATION_NOT_TRUSTED");
    }
    assertThat(enforcing.mocks.users().requests()).isEmpty();
  }

  @Test
  void enforceStillAnswersTheTypenameProbeThatReadsNothing() {
    HttpResponse<Buffer> probe = post(enforcing, new JsonObject().put("query", "{ __typename }"), "application/json");

    assertThat(probe.statusCode()).as(probe.bodyAsString()).isEqualTo(200);
    assertThat(probe.bodyAsJsonObject().getJsonObject("data").getString("__typename")).isEqualTo("Query");
  }

  @Test
  void enforceRefusesAnUntrustedOperationRegisteredAsAnAutomaticPersistedQuery() throws Exception {
    HttpResponse<Buffer> refused = post(enforcing, new JsonObject().put("query", UNTRUSTED)
        .put("extensions", PersistedQueriesTest.persisted(PersistedQueriesTest.sha256(UNTRUSTED))), GRAPHQL_RESPONSE);

    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(enforcing.mocks.users().requests()).isEmpty();
  }

  @Test
  void enforceRunsAManifestOperationByDocumentIdByHashAndByItsText() throws Exception {
    String hash = PersistedQueriesTest.sha256(APOLLO_BODY);

    assertThat(userId(post(enforcing, new JsonObject().put("documentId", hash), GRAPHQL_RESPONSE))).isEqualTo("3");
    assertThat(userId(post(enforcing, new JsonObject().put("documentId", "sha256:" + hash), GRAPHQL_RESPONSE)))
        .isEqualTo("3");
    assertThat(userId(post(enforcing, new JsonObject().put("documentId", RELAY_ID), GRAPHQL_RESPONSE))).isEqualTo("3");
    assertThat(userId(post(enforcing, new JsonObject().put("extensions", PersistedQueriesTest.persisted(hash)),
        GRAPHQL_RESPONSE))).isEqualTo("3");
    assertThat(userId(post(enforcing, new JsonObject().put("query", APOLLO_BODY), GRAPHQL_RESPONSE))).isEqualTo("3");
    assertThat(userId(post(enforcing, new JsonObject().put("query", RELAY_BODY), "application/json"))).isEqualTo("3");
    assertThat(enforcing.mocks.users().requests()).hasSize(6);
  }

  @Test
  void aManifestOperationRunsByDocumentIdOverGet() {
    String uri = "/graphql?documentId=" + RELAY_ID + "&variables="
        + URLEncoder.encode(new JsonObject(VARIABLES).encode(), StandardCharsets.UTF_8);

    assertThat(userId(enforcing.send(HttpMethod.GET, uri, MultiMap.caseInsensitiveMultiMap()))).isEqualTo("3");
  }

  @Test
  void anUnknownDocumentIdIsA400AndCallsNoBackend() {
    HttpResponse<Buffer> response = post(enforcing, new JsonObject().put("documentId", "nope"), GRAPHQL_RESPONSE);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(PersistedQueriesTest.code(response)).isEqualTo("PERSISTED_DOCUMENT_NOT_FOUND");
    assertThat(enforcing.mocks.users().requests()).isEmpty();
  }

  @Test
  void logModeRunsEveryOperationAndStillAnswersByDocumentId() throws Exception {
    Path schema = sampleWithManifests(dir.resolve("log"));
    try (TestGateway logging = TestGateway.start(GatewayConfig.defaults().withTrustedDocuments(TrustedDocumentsMode.LOG),
        schema, TestGateway.RESOLVERS, Map.of())) {
      assertThat(userId(post(logging, new JsonObject().put("query", UNTRUSTED), GRAPHQL_RESPONSE))).isEqualTo("3");
      assertThat(userId(post(logging, new JsonObject().put("query", UNTRUSTED), GRAPHQL_RESPONSE))).isEqualTo("3");
      assertThat(userId(post(logging, new JsonObject().put("documentId", RELAY_ID), GRAPHQL_RESPONSE))).isEqualTo("3");
      assertThat(logging.mocks.users().requests()).hasSize(3);
    }
  }

  @Test
  void aManifestOperationThatDoesNotValidateStopsTheStartNamingFileAndOperation() throws Exception {
    Path schema = sampleWithManifests(dir.resolve("broken"));
    Files.writeString(schema.resolve("trusted").resolve("broken.json"),
        apolloManifest("Broken", "query Broken { user(id: \"1\") { nickname } }").encode());

    assertThatThrownBy(() -> TestGateway.start(GatewayConfig.defaults(), schema, TestGateway.RESOLVERS, Map.of()))
        .hasMessageContaining("broken.json")
        .hasMessageContaining("operation 'Broken'")
        .hasMessageContaining("nickname");
  }

  @Test
  void aReloadReadsTheManifestsAgain() throws Exception {
    Path schema = sampleWithManifests(dir.resolve("reload"));
    String added = "query AddedLater($id: ID!) { user(id: $id) { id } }";
    try (TestGateway reloading = TestGateway.start(
        GatewayConfig.defaults().withTrustedDocuments(TrustedDocumentsMode.ENFORCE), schema, TestGateway.RESOLVERS,
        Map.of())) {
      assertThat(post(reloading, new JsonObject().put("query", added), GRAPHQL_RESPONSE).statusCode()).isEqualTo(403);

      Files.writeString(schema.resolve("trusted").resolve("later.json"), apolloManifest("AddedLater", added).encode());
      ReloadAttempt attempt = TestGateway.await(reloading.sheaf.reload("test"));

      assertThat(attempt.outcome()).isEqualTo(ReloadAttempt.Outcome.APPLIED);
      assertThat(userId(post(reloading, new JsonObject().put("query", added), GRAPHQL_RESPONSE))).isEqualTo("3");
    }
  }
}

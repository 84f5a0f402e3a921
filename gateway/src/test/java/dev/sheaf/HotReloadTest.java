package dev.sheaf;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running gateway takes a team's new schema and bindings without a restart: from its folders'
 * watch, or from POST /reload on the admin port; a wrong configuration is refused and the running
 * one keeps serving.
 */
class HotReloadTest {

  private static final String FRIEND_SDL = "extend type Query {\n  \"A user, by a second team.\"\n  friend(id: ID!): User\n}\n";
  private static final String FRIEND_BINDING = "fields:\n  Query.friend:\n    backend: users\n    get: /users/{args.id}\n";
  private static final String HOME = "{ user(id: \"42\") { name orders { id } } }";

  @TempDir
  Path dir;
  private Path schema;
  private Path resolvers;
  private TestGateway gateway;

  @BeforeEach
  void start() throws IOException {
    schema = Files.createDirectories(dir.resolve("schema"));
    resolvers = Files.createDirectories(dir.resolve("resolvers"));
    TestGateway.copySampleSchema(schema);
    TestGateway.copySampleResolvers(resolvers, text -> text);
    gateway = TestGateway.startOn(schema, resolvers);
  }

  @AfterEach
  void stop() {
    gateway.close();
  }

  private HttpResponse<Buffer> admin(io.vertx.core.http.HttpMethod method, String path) {
    return TestGateway.await(gateway.client.request(method, gateway.sheaf.adminPort(), "127.0.0.1", path).send());
  }

  private JsonObject config() {
    return admin(io.vertx.core.http.HttpMethod.GET, "/config").bodyAsJsonObject();
  }

  private static void append(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  @Test
  void aTeamsNewFieldAnswersOnceItsFilesAreInPlaceWithoutARestart() throws Exception {
    String before = config().getJsonObject("active").getString("version");
    Files.writeString(resolvers.resolve("friends.yaml"), FRIEND_BINDING);
    Files.writeString(schema.resolve("friends.graphqls"), FRIEND_SDL);

    JsonObject body = null;
    long deadline = System.nanoTime() + 10_000_000_000L; // the watch looks twice a second; generous for a busy machine
    while (System.nanoTime() < deadline) {
      body = gateway.post(new JsonObject().put("query", "{ friend(id: \"7\") { name } }").toBuffer(),
          io.vertx.core.MultiMap.caseInsensitiveMultiMap()).bodyAsJsonObject();
      if (body.getJsonObject("data") != null) {
        break;
      }
      Thread.sleep(100);
    }

    assertThat(body.getJsonObject("data")).as("%s, %s", body, config()).isNotNull();
    assertThat(body.getJsonObject("data").getJsonObject("friend").getString("name")).isNotBlank();
    JsonObject status = config();
    assertThat(status.getJsonObject("active").getString("version")).isNotEqualTo(before);
    assertThat(status.getJsonObject("lastAttempt").getString("outcome")).isEqualTo("applied");
    assertThat(status.getJsonObject("lastAttempt").getString("trigger")).isEqualTo("file change");
  }

  @Test
  void aBrokenBindingIsRefusedNamingFileAndLineAndThePreviousConfigurationKeepsServing() throws Exception {
    String before = config().getJsonObject("active").getString("version");
    Files.writeString(resolvers.resolve("broken.yaml"), "fields:\n  Query.user:\n    backend: nowhere\n    get: /x\n");

    HttpResponse<Buffer> reload = admin(io.vertx.core.http.HttpMethod.POST, "/reload");

    assertThat(reload.statusCode()).isEqualTo(422);
    JsonObject attempt = reload.bodyAsJsonObject();
    assertThat(attempt.getString("outcome")).isEqualTo("refused");
    assertThat(attempt.getJsonArray("problems").encode()).contains("broken.yaml:3").contains("nowhere");
    assertThat(gateway.graphqlData(HOME, Map.of()).getJsonObject("user").getString("name")).isNotBlank();
    JsonObject status = config();
    assertThat(status.getJsonObject("active").getString("version")).isEqualTo(before);
    assertThat(status.getJsonObject("lastAttempt").getString("outcome")).isEqualTo("refused");
    assertThat(admin(io.vertx.core.http.HttpMethod.GET, "/metrics").bodyAsString())
        .contains("sheaf_config_reloads_total{outcome=\"refused\"} 1.0");
  }

  @Test
  void sameFilesReloadAsUnchanged() {
    HttpResponse<Buffer> reload = admin(io.vertx.core.http.HttpMethod.POST, "/reload");

    assertThat(reload.statusCode()).isEqualTo(200);
    assertThat(reload.bodyAsJsonObject().getString("outcome")).isEqualTo("unchanged");
  }

  @Test
  void requestsInFlightDuringReloadsAllAnswerInFull() throws Exception {
    List<Future<HttpResponse<Buffer>>> answers = new ArrayList<>();
    List<String> outcomes = new ArrayList<>();
    for (int round = 0; round < 5; round++) {
      for (int i = 0; i < 20; i++) {
        answers.add(gateway.client.post("/graphql").putHeader("content-type", "application/json")
            .sendBuffer(new JsonObject().put("query", HOME).toBuffer()));
      }
      append(resolvers.resolve("shop.yaml"), "\n# round " + round + "\n"); // a new version each round
      outcomes.add(admin(io.vertx.core.http.HttpMethod.POST, "/reload").bodyAsJsonObject().getString("outcome"));
    }

    assertThat(outcomes).containsOnly("applied");
    for (Future<HttpResponse<Buffer>> answer : answers) {
      HttpResponse<Buffer> response = TestGateway.await(answer);
      assertThat(response.statusCode()).isEqualTo(200);
      JsonObject body = response.bodyAsJsonObject();
      assertThat(body.containsKey("errors")).as(body.encode()).isFalse();
      assertThat(body.getJsonObject("data").getJsonObject("user").getJsonArray("orders")).isNotEmpty();
    }
  }
}

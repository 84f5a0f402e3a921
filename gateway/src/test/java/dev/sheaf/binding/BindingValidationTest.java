package dev.sheaf.binding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sheaf.backend.grpc.ProtoRegistry;
import dev.sheaf.backend.grpc.ProtoSources;
import dev.sheaf.config.ConfigException;
import dev.sheaf.graphql.GraphQLExecutor;
import dev.sheaf.graphql.SchemaFiles;
import graphql.schema.GraphQLSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each mistake in a binding file is refused at start-up, naming the file, the line and the fix. */
class BindingValidationTest {

  static final String SCHEMA = """
      type Query { user(id: ID!): User  ping: String }
      type Mutation { rename(id: ID!, name: String!): User }
      type User { id: ID!  name: String  orders(limit: Int): [Order] }
      type Order { id: ID! }
      """;

  static final String GOOD = """
      backends:
        users:
          url: http://users.internal:8080
          timeout: 800ms
      fields:
        Query.user:
          backend: users
          get: /users/{args.id}
        Query.ping:
          backend: users
          get: /ping
        Mutation.rename:
          backend: users
          patch: /users/{args.id}
          body: { name: "{args.name}" }
        User.orders:
          backend: users
          get: /users/{source.id}/orders
          query: { limit: "{args.limit}" }
      """;

  static GraphQLSchema schema;

  @TempDir
  Path dir;

  @BeforeAll
  static void parseSchema(@TempDir Path schemaDir) throws IOException {
    Files.writeString(schemaDir.resolve("test.graphqls"), SCHEMA);
    schema = GraphQLExecutor.shapeOf(SchemaFiles.load(schemaDir));
  }

  private Bindings load(String yaml) throws IOException {
    Files.writeString(dir.resolve("team.yaml"), yaml);
    return new BindingLoader(Map.of(), Map.of()).load(dir, schema, Map.of(), ProtoSources.filesOnly(ProtoRegistry.empty()));
  }

  private String refusal(String yaml) {
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> load(yaml));
    assertThat(thrown).isInstanceOf(ConfigException.class);
    assertThat(thrown.getMessage()).contains("team.yaml");
    return thrown.getMessage();
  }

  @Test
  void aCorrectFileLoads() throws IOException {
    Bindings bindings = load(GOOD);

    assertThat(bindings.backends()).containsKey("users");
    assertThat(bindings.fields()).hasSize(4);
  }

  @Test
  void unknownFieldIsRefusedWithItsLine() {
    String message = refusal(GOOD.replace("Query.ping:", "Query.pong:"));

    assertThat(message).contains("team.yaml:9", "Query.pong", "has no field 'pong'");
  }

  @Test
  void unknownArgumentIsRefused() {
    String message = refusal(GOOD.replace("/users/{args.id}\n", "/users/{args.userId}\n"));

    assertThat(message).contains("team.yaml:", "{args.userId}", "has no argument 'userId'", "its arguments: id");
  }

  @Test
  void unknownBackendIsRefused() {
    String message = refusal(GOOD.replace("    backend: users\n    get: /ping", "    backend: user\n    get: /ping"));

    assertThat(message).contains("team.yaml:10", "no backend 'user'", "declared backends: users");
  }

  @Test
  void unknownTemplateVariableIsRefused() {
    String message = refusal(GOOD.replace("{source.id}/orders", "{parent.id}/orders"));

    assertThat(message).contains("team.yaml:", "fields.User.orders", "must start with args., source., headers.");
  }

  @Test
  void unknownSourceFieldIsRefused() {
    String message = refusal(GOOD.replace("{source.id}/orders", "{source.uuid}/orders"));

    assertThat(message).contains("type User has no field 'uuid'");
  }

  @Test
  void rootFieldWithoutBindingIsRefused() {
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(
        () -> load(GOOD.replace("  Query.ping:\n    backend: users\n    get: /ping\n", "")));

    assertThat(thrown).isInstanceOf(ConfigException.class);
    assertThat(thrown.getMessage()).contains("test.graphqls:1: Query.ping has no binding", "resolvers/*.yaml");
  }

  @Test
  void unknownYamlKeyIsRefusedWithLineAndAllowedKeys() {
    String message = refusal(GOOD.replace("timeout: 800ms", "timout: 800ms"));

    assertThat(message).contains("team.yaml:4", "unknown key 'timout'", "allowed keys here:", "timeout");
  }

  @Test
  void badUrlIsRefused() {
    String message = refusal(GOOD.replace("http://users.internal:8080", "users.internal:8080"));

    assertThat(message).contains("team.yaml:3", "backends.users.url", "not an http(s) URL");
  }

  @Test
  void circuitBreakerAndBulkheadAreOnByDefault() throws IOException {
    BackendConfig users = load(GOOD).backends().get("users");

    assertThat(users.circuitBreaker()).isEqualTo(BackendConfig.CircuitBreaker.DEFAULT);
    assertThat(users.maxConcurrentCalls()).isEqualTo(BackendConfig.DEFAULT_POOL * 4);
  }

  @Test
  void circuitBreakerSettingsGoOverTheDefaultsAndOffTurnsItOff() throws IOException {
    BackendConfig users = load(GOOD.replace("timeout: 800ms", "timeout: 800ms\n    pool: 8\n"
        + "    circuitBreaker: { failureRate: 25, window: 4, minimumCalls: 2, openFor: 1s }")).backends().get("users");

    assertThat(users.circuitBreaker()).isEqualTo(new BackendConfig.CircuitBreaker(25,
        BackendConfig.CircuitBreaker.DEFAULT.slowCallDuration(), 100, 4, 2, java.time.Duration.ofSeconds(1), 3));
    assertThat(users.maxConcurrentCalls()).isEqualTo(32);
    for (String off : List.of("off", "'off'", "false")) {
      BackendConfig none = load(GOOD.replace("timeout: 800ms", "timeout: 800ms\n    circuitBreaker: " + off))
          .backends().get("users");
      assertThat(none.circuitBreaker()).as(off).isNull();
    }
  }

  @Test
  void wrongCircuitBreakerSettingsAreRefusedWithTheirLineAndKey() {
    String message = refusal(GOOD.replace("timeout: 800ms", "timeout: 800ms\n    circuitBreaker:\n"
        + "      failureRate: 150\n      openFor: soon"));

    assertThat(message).contains("team.yaml:6", "backends.users.circuitBreaker.failureRate", "from 1 to 100",
        "team.yaml:7", "backends.users.circuitBreaker.openFor", "800ms, 1.5s");
    assertThat(refusal(GOOD.replace("timeout: 800ms", "timeout: 800ms\n    circuitBreaker: maybe")))
        .contains("team.yaml:5", "neither off nor settings");
    assertThat(refusal(GOOD.replace("timeout: 800ms", "timeout: 800ms\n    circuitBreaker: { windows: 3 }")))
        .contains("team.yaml:5", "unknown key 'windows'", "minimumCalls");
    assertThat(refusal(GOOD.replace("timeout: 800ms", "timeout: 800ms\n    maxConcurrentCalls: 0")))
        .contains("team.yaml:5", "backends.users.maxConcurrentCalls", "positive");
  }

  @Test
  void cacheIsOffUnlessDeclaredAndTakesATtl() throws IOException {
    assertThat(load(GOOD).backends().get("users").cache()).isNull();
    assertThat(load(GOOD.replace("timeout: 800ms", "timeout: 800ms\n    cache: on")).backends().get("users").cache())
        .isEqualTo(new BackendConfig.Cache(java.time.Duration.ZERO, true));
    assertThat(load(GOOD.replace("timeout: 800ms", "timeout: 800ms\n    cache: { ttl: 30s, perCaller: false }"))
        .backends().get("users").cache()).isEqualTo(new BackendConfig.Cache(java.time.Duration.ofSeconds(30), false));
    assertThat(load(GOOD.replace("timeout: 800ms", "timeout: 800ms\n    cache: off")).backends().get("users").cache())
        .isNull();
  }

  @Test
  void wrongCacheSettingsAreRefusedWithTheirLineAndKey() {
    assertThat(refusal(GOOD.replace("timeout: 800ms", "timeout: 800ms\n    cache:\n      ttl: soon")))
        .contains("team.yaml:6", "backends.users.cache.ttl", "800ms, 1.5s");
    assertThat(refusal(GOOD.replace("timeout: 800ms", "timeout: 800ms\n    cache: sometimes")))
        .contains("team.yaml:5", "neither on, off nor settings");
    assertThat(refusal(GOOD.replace("timeout: 800ms", "timeout: 800ms\n    cache: { tll: 3s }")))
        .contains("team.yaml:5", "unknown key 'tll'");
  }

  @Test
  void invalidatesNamesBoundReadsOnMutationsOnly() throws IOException {
    String invalidating = GOOD.replace("    body: { name: \"{args.name}\" }\n",
        "    body: { name: \"{args.name}\" }\n    invalidates: [\"GET /users/{args.id}\"]\n");
    FieldBinding rename = load(invalidating).fields().values().stream()
        .filter(f -> f.coordinates().getFieldName().equals("rename")).findFirst().orElseThrow();
    assertThat(((FieldBinding.Call) rename).invalidates()).containsExactly("GET /users/{args.id}");

    assertThat(refusal(invalidating.replace("GET /users/{args.id}", "GET /people/{args.id}")))
        .contains("team.yaml:16", "Mutation.rename.invalidates", "'GET /people/{args.id}' is neither a declared entity",
            "GET /users/{args.id}").doesNotContain("PATCH");
    assertThat(refusal(GOOD.replace("    get: /ping\n", "    get: /ping\n    invalidates: [User]\n")))
        .contains("only a mutation changes what is cached");
  }

  @Test
  void badDurationIsRefused() {
    String message = refusal(GOOD.replace("800ms", "fast"));

    assertThat(message).contains("team.yaml:4", "backends.users.timeout", "800ms, 1.5s, 1m30s or 1h");
  }

  @Test
  void mutationBoundToGetIsRefused() {
    String message = refusal(GOOD.replace("patch: /users/{args.id}\n    body: { name: \"{args.name}\" }",
        "get: /users/{args.id}"));

    assertThat(message).contains("a mutation must not be a GET");
  }

  @Test
  void headerOutsideTheAllowListIsRefused() {
    String message = refusal(GOOD.replace("get: /ping", "get: /ping/{headers.x-tenant}"));

    assertThat(message).contains("forwardHeaders", "x-tenant");
  }

  @Test
  void unsetEnvironmentVariableIsRefused() {
    String message = refusal(GOOD.replace("http://users.internal:8080", "${USERS_URL}"));

    assertThat(message).contains("team.yaml:3", "${USERS_URL} is not set");
  }

  @Test
  void allProblemsAreReportedTogether() {
    String message = refusal(GOOD.replace("Query.ping:", "Query.pong:").replace("{source.id}", "{source.uuid}"));

    assertThat(message).contains("problems in the bindings", "Query.pong", "uuid");
  }

  @Test
  void yamlSyntaxErrorIsRefusedWithItsLine() {
    assertThatThrownBy(() -> load(GOOD + "  : [unclosed\n")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("team.yaml:");
  }
}

package dev.sheaf.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The published JSON Schemas (schemas/*.schema.json, also in the jar) accept what the gateway
 * accepts and refuse what it refuses, and know exactly the settings the loader knows.
 */
class ConfigSchemasTest {

  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final ObjectMapper JSON = new ObjectMapper();
  static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

  @TempDir
  Path dir;

  static JsonNode schemaJson(String name) throws IOException {
    try (InputStream in = ConfigSchemasTest.class.getResourceAsStream("/schemas/" + name)) {
      assertThat(in).as("the jar carries schemas/" + name).isNotNull();
      return JSON.readTree(in);
    }
  }

  static Set<String> problems(String schemaName, String yaml) throws IOException {
    JsonSchema schema = FACTORY.getSchema(schemaJson(schemaName));
    Set<String> messages = new TreeSet<>();
    for (ValidationMessage m : schema.validate(YAML.readTree(yaml))) {
      messages.add(m.getMessage());
    }
    return messages;
  }

  /** A config file that gives every setting the loader knows, auth included. */
  static String everyKey() {
    StringBuilder yaml = new StringBuilder("# yaml-language-server: $schema=schemas/sheaf.schema.json\n");
    String section = "";
    for (Setting setting : GatewayConfigLoader.SETTINGS) {
      if (setting.key() == null || setting.kind() == Setting.Kind.SECTION) {
        continue;
      }
      String[] path = setting.path();
      String sample = GatewayConfigLoaderTest.SAMPLES.get(setting.key());
      String value = setting.kind() == Setting.Kind.LIST ? "[" + sample + "]" : sample;
      if (path.length == 1) {
        yaml.append(path[0]).append(": ").append(value).append('\n');
        continue;
      }
      if (!path[0].equals(section)) {
        section = path[0];
        yaml.append(section).append(":\n");
      }
      yaml.append("  ").append(path[1]).append(": ").append(value).append('\n');
    }
    yaml.append("""
        auth:
          mode: optional
          clockSkew: 30s
          scopeClaims: [scope]
          cookie: access_token
          maxTokenBytes: 4096
          jwksRefresh: 1m30s
          unknownKidMinInterval: 10s
          jwksTimeout: 1.5s
          issuers:
            - issuer: https://idp.example.com
              hmacSecret: ${JWT_SECRET}
              algorithms: [HS256]
              audiences: [sheaf]
              requiredClaims: [sub]
        """);
    return yaml.toString();
  }

  @Test
  void thePublishedFilesAreTheOnesTheJarCarries() throws IOException {
    for (String name : List.of("sheaf.schema.json", "bindings.schema.json")) {
      assertThat(schemaJson(name)).as(name).isEqualTo(JSON.readTree(Path.of("schemas", name).toFile()));
      assertThat(schemaJson(name).path("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
    }
  }

  @Test
  void aConfigFileWithEveryKeyIsValidForTheSchemaAndForTheLoader() throws IOException {
    String yaml = everyKey();
    assertThat(problems("sheaf.schema.json", yaml)).isEmpty();

    Path file = Files.writeString(dir.resolve("sheaf.yaml"), yaml);
    GatewayConfig config = new GatewayConfigLoader().load(new String[] {"--config=" + file},
        Map.of("JWT_SECRET", "a shared secret of at least thirty-two bytes"));
    assertThat(config.port()).isEqualTo(4100);
    assertThat(config.auth()).isNotNull();
  }

  @Test
  void theSchemaKnowsExactlyTheSettingsOfTheLoader() throws IOException {
    List<String> inSchema = new ArrayList<>();
    schemaJson("sheaf.schema.json").path("properties").fields().forEachRemaining(top -> {
      JsonNode nested = top.getValue().path("properties");
      if (nested.isMissingNode()) {
        inSchema.add(top.getKey());
      } else {
        nested.fieldNames().forEachRemaining(name -> inSchema.add(top.getKey() + "." + name));
      }
    });
    List<String> inLoader = GatewayConfigLoader.SETTINGS.stream().map(Setting::key).filter(k -> k != null).toList();

    assertThat(inSchema).containsExactlyInAnyOrderElementsOf(inLoader);
  }

  @Test
  void durationsInTheSchemasFollowTheParser() throws IOException {
    for (String name : List.of("sheaf.schema.json", "bindings.schema.json")) {
      JsonNode duration = schemaJson(name).path("$defs").path("duration").path("anyOf").get(0);
      assertThat(duration.path("pattern").asText()).as(name).isEqualTo(Durations.SCHEMA_PATTERN);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "prot: 4000\n",                                  // an unknown key
      "limits:\n  maxDepht: 3\n",                      // an unknown key in a section
      "port: four thousand\n",                         // a wrong type
      "port: 70000\n",                                 // out of range
      "eventLoops: 0\n",
      "deadline:\n  default: soon\n",                  // not a duration
      "deadline:\n  max: 30s1m\n",                     // units out of order
      "cors:\n  allowOrigins: https://a.example.com\n  allowCredentials: maybe\n",
      "auth:\n  mode: sometimes\n  issuers: [{issuer: x, jwksUrl: https://x}]\n",
      "auth:\n  issuers: [{issuer: x, jwksUrl: https://x, hmacSecret: s}]\n",  // two key sources
  })
  void wrongConfigFilesAreRefusedByTheSchemaAndByTheLoader(String yaml) throws IOException {
    assertThat(problems("sheaf.schema.json", yaml)).as(yaml).isNotEmpty();

    Path file = Files.writeString(dir.resolve("sheaf.yaml"), yaml);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new GatewayConfigLoader()
        .load(new String[] {"--config=" + file}, Map.of())).as(yaml).isInstanceOf(ConfigException.class);
  }

  @Test
  void theSampleBindingFilesAreValid() throws IOException {
    List<Path> files;
    try (Stream<Path> listing = Files.list(Path.of("resolvers"))) {
      files = listing.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(files).isNotEmpty();
    for (Path file : files) {
      assertThat(problems("bindings.schema.json", Files.readString(file))).as(file.toString()).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "backend:\n  users: { url: http://u }\n",                                   // unknown section
      "backends:\n  users: { urll: http://u }\n",                                 // unknown key
      "backends:\n  users: { url: http://u, grpc: 'u:9090' }\n",                  // both kinds
      "backends:\n  users: { url: http://u, timeout: fast }\n",                   // not a duration
      "backends:\n  users: { url: http://u, pool: many }\n",                      // a wrong type
      "backends:\n  users: { url: http://u, pool: 0 }\n",
      "backends:\n  inv: { grpc: 'i:9090', descriptors: guess }\n",
      "backends:\n  users: { url: http://u, circuitBreaker: maybe }\n",
      "backends:\n  users: { url: http://u, circuitBreaker: { failureRate: 150 } }\n",
      "backends:\n  users: { url: http://u, circuitBreaker: { windows: 3 } }\n",
      "backends:\n  users: { url: http://u, maxConcurrentCalls: 0 }\n",
      "fields:\n  Query.user: { backend: users, get: /u, notFound: maybe }\n",
      "fields:\n  Query.user: { backend: users, got: /u }\n",
      "fields:\n  user: { from: name }\n",                                        // not Type.field
      "entities:\n  Product: { backend: catalog, key: id, get: /p, maxBatchSize: -1 }\n",
      "endpoints:\n  \"GET /x\": { operation: x.graphql, answer: x }\n",
  })
  void wrongBindingFilesAreRefusedByTheSchema(String yaml) throws IOException {
    assertThat(problems("bindings.schema.json", yaml)).as(yaml).isNotEmpty();
  }

  @Test
  void placeholdersAreValidWhereverAValueIs() throws IOException {
    assertThat(problems("bindings.schema.json", """
        backends:
          users:
            url: ${USERS_URL:-http://users.internal:8080}
            timeout: ${USERS_TIMEOUT:-800ms}
            pool: ${USERS_POOL}
            forwardAuthorization: ${FORWARD:-true}
        """)).isEmpty();
    assertThat(problems("sheaf.schema.json", "port: ${PORT:-4000}\ndeadline:\n  default: ${DEADLINE}\n")).isEmpty();
  }
}

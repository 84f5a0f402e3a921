package dev.sheaf.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sheaf.graphql.QueryLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayConfigLoaderTest {

  @TempDir
  Path dir;

  private Path file(String yaml) throws IOException {
    Path f = dir.resolve("sheaf.yaml");
    Files.writeString(f, yaml);
    return f;
  }

  @Test
  void flagsOverrideEnvironmentWhichOverridesTheFile() throws IOException {
    Path f = file("port: 5000\ndeadline:\n  default: 2s\n  max: 9s\nbodyLimitBytes: 2048\n");

    GatewayConfig config = new GatewayConfigLoader().load(new String[] {"--config=" + f, "--port=6000"},
        Map.of("SHEAF_PORT", "5500", "SHEAF_DEADLINE", "1s"));

    assertThat(config.port()).isEqualTo(6000);
    assertThat(config.defaultDeadline()).isEqualTo(Duration.ofSeconds(1));
    assertThat(config.maxDeadline()).isEqualTo(Duration.ofSeconds(9));
    assertThat(config.bodyLimitBytes()).isEqualTo(2048);
  }

  @Test
  void eventLoopsDefaultToTheCoresAndComeFromFileEnvironmentOrFlag() throws IOException {
    assertThat(new GatewayConfigLoader().load(new String[0], Map.of()).eventLoops())
        .isEqualTo(Runtime.getRuntime().availableProcessors());
    Path f = file("eventLoops: 3\n");
    assertThat(new GatewayConfigLoader().load(new String[] {"--config=" + f}, Map.of()).eventLoops()).isEqualTo(3);
    assertThat(new GatewayConfigLoader().load(new String[] {"--config=" + f}, Map.of("SHEAF_EVENT_LOOPS", "5"))
        .eventLoops()).isEqualTo(5);
    assertThat(new GatewayConfigLoader().load(new String[] {"--event-loops=1"}, Map.of("SHEAF_EVENT_LOOPS", "5"))
        .eventLoops()).isEqualTo(1);
  }

  @Test
  void aBadNumberOfEventLoopsIsRefusedNamingWhereItCameFrom() throws IOException {
    assertThatThrownBy(() -> new GatewayConfigLoader().load(new String[] {"--event-loops=0"}, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("--event-loops").hasMessageContaining("use 1..256");
    Path f = file("eventLoops: 1000\n");
    assertThatThrownBy(() -> new GatewayConfigLoader().load(new String[] {"--config=" + f}, Map.of()))
        .hasMessageContaining("sheaf.yaml (eventLoops)").hasMessageContaining("1000");
    assertThatThrownBy(() -> new GatewayConfigLoader().load(new String[0], Map.of("SHEAF_EVENT_LOOPS", "two")))
        .hasMessageContaining("'two' is not a whole number");
  }

  @Test
  void unknownKeyInTheFileIsRefusedWithItsLine() throws IOException {
    Path f = file("port: 5000\nprot: 1\n");

    assertThatThrownBy(() -> new GatewayConfigLoader().load(new String[] {"--config=" + f}, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("sheaf.yaml:2")
        .hasMessageContaining("unknown key 'prot'");
  }

  @Test
  void badValuesAreRefusedNamingTheSetting() throws IOException {
    Path f = file("deadline:\n  default: soon\n");

    assertThatThrownBy(() -> new GatewayConfigLoader().load(new String[] {"--config=" + f}, Map.of()))
        .hasMessageContaining("deadline.default").hasMessageContaining("800ms");
    assertThatThrownBy(() -> new GatewayConfigLoader().load(new String[] {"--port=99999"}, Map.of()))
        .hasMessageContaining("not a TCP port");
    assertThatThrownBy(() -> new GatewayConfigLoader().load(new String[] {"--prot=1"}, Map.of()))
        .hasMessageContaining("unknown or incomplete flag '--prot=1'");
    assertThatThrownBy(() -> new GatewayConfigLoader().load(new String[] {"--deadline=40s"}, Map.of()))
        .hasMessageContaining("longer than deadline.max");
  }

  @Test
  void missingConfigFileIsRefused() {
    assertThatThrownBy(() -> new GatewayConfigLoader().load(new String[] {"--config=" + dir.resolve("nope.yaml")},
        Map.of())).hasMessageContaining("config file not found");
  }

  @Test
  void corsOriginsComeFromTheFileAndTheEnvironmentReplacesThem() throws IOException {
    assertThat(new GatewayConfigLoader().load(new String[0], Map.of()).cors()).isNull();
    Path f = file("cors:\n  allowOrigins: [https://Shop.Example.com, http://localhost:3000]\n  allowCredentials: true\n"
        + "  maxAge: 2m\n");

    CorsConfig fromFile = new GatewayConfigLoader().load(new String[] {"--config=" + f}, Map.of()).cors();
    assertThat(fromFile.allowOrigins()).containsExactly("https://shop.example.com", "http://localhost:3000");
    assertThat(fromFile.allowCredentials()).isTrue();
    assertThat(fromFile.maxAge()).isEqualTo(Duration.ofMinutes(2));

    CorsConfig fromEnv = new GatewayConfigLoader().load(new String[] {"--config=" + f},
        Map.of("SHEAF_CORS_ORIGINS", "https://app.example.com, https://admin.example.com:8443")).cors();
    assertThat(fromEnv.allowOrigins()).containsExactly("https://app.example.com", "https://admin.example.com:8443");
    assertThat(fromEnv.maxAge()).isEqualTo(Duration.ofMinutes(2));
    assertThat(new GatewayConfigLoader().load(new String[] {"--config=" + f, "--cors-origins="}, Map.of()).cors())
        .as("an empty list turns CORS off").isNull();
  }

  @Test
  void aCorsOriginNoBrowserSendsIsRefusedAtStartUpNamingTheFix() throws IOException {
    Path slash = file("cors:\n  allowOrigins: [\"https://shop.example.com/\"]\n");
    assertThatThrownBy(() -> new GatewayConfigLoader().load(new String[] {"--config=" + slash}, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("sheaf.yaml (cors.allowOrigins)").hasMessageContaining("'https://shop.example.com/'")
        .hasMessageContaining("no trailing slash");
    assertThatThrownBy(() -> new GatewayConfigLoader().load(new String[] {"--cors-origins=shop.example.com"}, Map.of()))
        .hasMessageContaining("--cors-origins / SHEAF_CORS_ORIGINS").hasMessageContaining("scheme://host[:port]");
    Path anyWithCookies = file("cors:\n  allowOrigins: [\"*\"]\n  allowCredentials: true\n");
    assertThatThrownBy(() -> new GatewayConfigLoader().load(new String[] {"--config=" + anyWithCookies}, Map.of()))
        .hasMessageContaining("\"*\" cannot be combined with allowCredentials");
    Path mixed = file("cors:\n  allowOrigins: [\"*\", https://shop.example.com]\n");
    assertThatThrownBy(() -> new GatewayConfigLoader().load(new String[] {"--config=" + mixed}, Map.of()))
        .hasMessageContaining("already allows every origin");
    Path unknownKey = file("cors:\n  origins: [https://shop.example.com]\n");
    assertThatThrownBy(() -> new GatewayConfigLoader().load(new String[] {"--config=" + unknownKey}, Map.of()))
        .hasMessageContaining("sheaf.yaml:2").hasMessageContaining("unknown key 'origins'")
        .hasMessageContaining("allowOrigins");
  }

  @Test
  void clientTimeoutsComeFromFileEnvironmentOrFlagAndZeroIsRefused() throws IOException {
    assertThat(new GatewayConfigLoader().load(new String[0], Map.of()).clientTimeouts())
        .isEqualTo(new ClientTimeouts(Duration.ofSeconds(75), Duration.ofSeconds(10), Duration.ofSeconds(30)));
    Path f = file("clientTimeouts:\n  idle: 2m\n  headers: 5s\n");
    GatewayConfig config = new GatewayConfigLoader().load(new String[] {"--config=" + f, "--client-body-timeout=12s"},
        Map.of("SHEAF_CLIENT_HEADER_TIMEOUT", "3s"));
    assertThat(config.clientTimeouts())
        .isEqualTo(new ClientTimeouts(Duration.ofMinutes(2), Duration.ofSeconds(3), Duration.ofSeconds(12)));
    assertThatThrownBy(() -> new GatewayConfigLoader().load(new String[] {"--client-idle-timeout=0s"}, Map.of()))
        .hasMessageContaining("--client-idle-timeout / SHEAF_CLIENT_IDLE_TIMEOUT").hasMessageContaining("longer than zero");
    Path zero = file("clientTimeouts:\n  body: 0\n");
    assertThatThrownBy(() -> new GatewayConfigLoader().load(new String[] {"--config=" + zero}, Map.of()))
        .hasMessageContaining("clientTimeouts.body");
  }

  @Test
  void theShutdownGraceComesFromFileEnvironmentOrFlag() throws IOException {
    assertThat(new GatewayConfigLoader().load(new String[0], Map.of()).shutdownGrace()).isEqualTo(Duration.ofSeconds(10));
    Path f = file("shutdownGrace: 25s\n");
    assertThat(new GatewayConfigLoader().load(new String[] {"--config=" + f}, Map.of()).shutdownGrace())
        .isEqualTo(Duration.ofSeconds(25));
    assertThat(new GatewayConfigLoader().load(new String[] {"--config=" + f}, Map.of("SHEAF_SHUTDOWN_GRACE", "3s"))
        .shutdownGrace()).isEqualTo(Duration.ofSeconds(3));
    assertThatThrownBy(() -> new GatewayConfigLoader().load(new String[] {"--shutdown-grace=soon"}, Map.of()))
        .hasMessageContaining("--shutdown-grace / SHEAF_SHUTDOWN_GRACE").hasMessageContaining("'soon' is not a duration");
  }

  @Test
  void queryLimitsComeFromTheFileEachKeyOptional() throws IOException {
    assertThat(new GatewayConfigLoader().load(new String[0], Map.of()).limits()).isEqualTo(QueryLimits.defaults());
    Path f = file("limits:\n  maxDepth: 8\n");
    assertThat(new GatewayConfigLoader().load(new String[] {"--config=" + f}, Map.of()).limits())
        .isEqualTo(new QueryLimits(8, QueryLimits.defaults().maxAliases(), QueryLimits.defaults().maxFields()));
    Path zero = file("limits:\n  maxAliases: 0\n");
    assertThatThrownBy(() -> new GatewayConfigLoader().load(new String[] {"--config=" + zero}, Map.of()))
        .hasMessageContaining("sheaf.yaml (limits.maxAliases)").hasMessageContaining("greater than zero");
  }

  @Test
  void persistedQueriesComeFromFileEnvironmentOrFlag() throws IOException {
    assertThat(new GatewayConfigLoader().load(new String[0], Map.of()).persistedQueries())
        .isEqualTo(new PersistedQueriesConfig(true, 10_000));
    Path f = file("persistedQueries:\n  enabled: false\n  maxEntries: 500\n");
    assertThat(new GatewayConfigLoader().load(new String[] {"--config=" + f}, Map.of()).persistedQueries())
        .isEqualTo(new PersistedQueriesConfig(false, 500));
    assertThat(new GatewayConfigLoader().load(new String[] {"--config=" + f, "--persisted-queries-max-entries=20"},
        Map.of("SHEAF_PERSISTED_QUERIES", "true")).persistedQueries())
        .isEqualTo(new PersistedQueriesConfig(true, 20));
    assertThatThrownBy(() -> new GatewayConfigLoader().load(new String[] {"--persisted-queries=yes"}, Map.of()))
        .hasMessageContaining("--persisted-queries / SHEAF_PERSISTED_QUERIES").hasMessageContaining("neither true nor false");
    Path zero = file("persistedQueries:\n  maxEntries: 0\n");
    assertThatThrownBy(() -> new GatewayConfigLoader().load(new String[] {"--config=" + zero}, Map.of()))
        .hasMessageContaining("sheaf.yaml (persistedQueries.maxEntries)").hasMessageContaining("greater than zero");
  }
}

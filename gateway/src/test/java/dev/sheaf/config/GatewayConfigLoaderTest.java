package dev.sheaf.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sheaf.graphql.QueryLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
        .hasMessageContaining("sheaf.yaml:1: eventLoops").hasMessageContaining("1000");
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
        .hasMessageContaining("sheaf.yaml:2: cors.allowOrigins").hasMessageContaining("'https://shop.example.com/'")
        .hasMessageContaining("no trailing slash");
    assertThatThrownBy(() -> new GatewayConfigLoader().load(new String[] {"--cors-origins=shop.example.com"}, Map.of()))
        .hasMessageContaining("--cors-origins (cors.allowOrigins)").hasMessageContaining("scheme://host[:port]");
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
        .hasMessageContaining("--client-idle-timeout (clientTimeouts.idle)").hasMessageContaining("longer than zero");
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
        .hasMessageContaining("--shutdown-grace (shutdownGrace)").hasMessageContaining("'soon' is not a duration");
  }

  @Test
  void queryLimitsComeFromTheFileEachKeyOptional() throws IOException {
    assertThat(new GatewayConfigLoader().load(new String[0], Map.of()).limits()).isEqualTo(QueryLimits.defaults());
    Path f = file("limits:\n  maxDepth: 8\n");
    assertThat(new GatewayConfigLoader().load(new String[] {"--config=" + f}, Map.of()).limits())
        .isEqualTo(new QueryLimits(8, QueryLimits.defaults().maxAliases(), QueryLimits.defaults().maxFields()));
    Path zero = file("limits:\n  maxAliases: 0\n");
    assertThatThrownBy(() -> new GatewayConfigLoader().load(new String[] {"--config=" + zero}, Map.of()))
        .hasMessageContaining("sheaf.yaml:2: limits.maxAliases").hasMessageContaining("greater than zero");
  }

  /** A value each setting can take that is not its default. */
  static final Map<String, String> SAMPLES = Map.ofEntries(
      Map.entry("host", "127.0.0.2"), Map.entry("port", "4100"), Map.entry("admin.port", "9100"),
      Map.entry("persistedQueries.enabled", "false"), Map.entry("persistedQueries.maxEntries", "17"),
      Map.entry("trustedDocuments.mode", "enforce"), Map.entry("introspection", "false"),
      Map.entry("graphiql.enabled", "true"),
      Map.entry("deadline.default", "1.5s"),
      Map.entry("deadline.max", "1m"), Map.entry("bodyLimitBytes", "2048"), Map.entry("schemaDir", "s2"),
      Map.entry("resolversDir", "r2"), Map.entry("documentCacheSize", "7"), Map.entry("eventLoops", "3"),
      Map.entry("limits.maxDepth", "9"), Map.entry("limits.maxAliases", "9"), Map.entry("limits.maxFields", "9"),
      Map.entry("shutdownGrace", "1m30s"), Map.entry("clientTimeouts.idle", "250ms"),
      Map.entry("clientTimeouts.headers", "250ms"), Map.entry("clientTimeouts.body", "250ms"),
      Map.entry("cors.allowOrigins", "https://a.example.com"), Map.entry("cors.allowCredentials", "true"),
      Map.entry("cors.maxAge", "2m"), Map.entry("backendTls.caFiles", "ca.pem"),
      Map.entry("backendTls.trustJvmCas", "false"), Map.entry("backendTls.verifyHostname", "false"),
      Map.entry("backendTls.certFile", "gateway.pem"), Map.entry("backendTls.keyFile", "gateway-key.pem"),
      Map.entry("backendTls.keyPassword", "pw"), Map.entry("backendTls.expiryWarning", "240h"),
      Map.entry("tracing.endpoint", "http://collector.example.com:4318/v1/traces"),
      Map.entry("tracing.sampleRatio", "0.25"), Map.entry("tracing.propagation", "ignore"),
      Map.entry("tracing.queueSize", "64"), Map.entry("logs.format", "text"),
      Map.entry("logs.levels", "dev.sheaf=debug"), Map.entry("accessLog.enabled", "false"),
      Map.entry("debug.enabled", "true"), Map.entry("debug.scope", "ops:debug"),
      Map.entry("debug.recentRequests", "7"), Map.entry("metrics.enabled", "false"),
      Map.entry("metrics.maxOperationNames", "9"),
      Map.entry("shedding.maxInFlight", "33"),
      Map.entry("shedding.maxEventLoopDelay", "150ms"), Map.entry("shedding.retryAfter", "3s"),
      Map.entry("shedding.adaptive", "true"), Map.entry("shedding.targetCpu", "0.5"),
      Map.entry("limits.maxCost", "9"), Map.entry("limits.assumedListSize", "9"),
      Map.entry("rateLimit.limit", "9"), Map.entry("rateLimit.period", "2s"), Map.entry("rateLimit.burst", "9"),
      Map.entry("rateLimit.key", "claims.client_id+operationName"), Map.entry("csrf.enabled", "false"),
      Map.entry("csrf.requiredHeaders", "x-requested-with"), Map.entry("redis.url", "redis://cache.internal:6380"),
      Map.entry("redis.timeout", "250ms"),
      Map.entry("cache.enabled", "false"), Map.entry("cache.maxBytes", "4096"), Map.entry("cache.store", "redis"),
      Map.entry("cache.maxEntryBytes", "2048"), Map.entry("warmup.enabled", "false"), Map.entry("warmup.duration", "12s"));

  /** The YAML for one dotted key, e.g. deadline.default: 3s as a nested mapping. */
  static String yaml(String key, String value) {
    String[] parts = key.split("\\.");
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      out.append("  ".repeat(i)).append(parts[i]).append(':').append(i < parts.length - 1 ? "\n" : " " + value + "\n");
    }
    return out.toString();
  }

  @Test
  void everySettingIsReadAlikeFromTheFileTheEnvironmentAndAFlag() throws IOException {
    for (Setting setting : GatewayConfigLoader.SETTINGS) {
      if (setting.key() == null || setting.kind() == Setting.Kind.SECTION) {
        continue;
      }
      String sample = SAMPLES.get(setting.key());
      assertThat(sample).as("a sample value for " + setting.key()).isNotNull();
      // CORS options other than the origins need origins to apply to; answers in Redis need a Redis.
      String origins = setting.key().startsWith("cors.") && !setting.key().equals("cors.allowOrigins")
          ? "--cors-origins=https://b.example.com"
          : setting.key().equals("cache.store") ? "--redis=redis://cache.internal:6380" : "--check";
      Path f = file(yaml(setting.key(), sample));

      GatewayConfig fromFile = new GatewayConfigLoader().load(new String[] {"--config=" + f, origins}, Map.of());
      GatewayConfig fromEnv = new GatewayConfigLoader().load(new String[] {origins}, Map.of(setting.env(), sample));
      if (setting.flag() == null) { // a secret: never on the command line
        assertThat(fromFile).as(setting.key()).isEqualTo(fromEnv)
            .isNotEqualTo(new GatewayConfigLoader().load(new String[] {origins}, Map.of()));
        continue;
      }
      GatewayConfig fromFlag = new GatewayConfigLoader().load(new String[] {origins, setting.flag() + "=" + sample},
          Map.of());
      GatewayConfig fromAll = new GatewayConfigLoader().load(new String[] {"--config=" + f, origins,
          setting.flag() + "=" + sample}, Map.of(setting.env(), "garbage"));

      assertThat(fromFile).as(setting.key()).isEqualTo(fromEnv).isEqualTo(fromFlag)
          .isNotEqualTo(new GatewayConfigLoader().load(new String[] {origins}, Map.of()));
      if (!Set.of(Setting.Kind.TEXT, Setting.Kind.PATH, Setting.Kind.LIST).contains(setting.kind())) {
        assertThatThrownBy(() -> new GatewayConfigLoader().load(new String[] {origins}, Map.of(setting.env(), "[1]")))
            .as(setting.key()).isInstanceOf(ConfigException.class)
            .hasMessageContaining(setting.env() + " (" + setting.key() + "): '[1]' is not");
      }
      assertThat(fromAll).as("the flag wins over the variable: " + setting.key()).isEqualTo(fromFlag);
    }
  }

  @Test
  void theConfigFileGetsPlaceholdersFromTheEnvironmentInItsValuesOnly() throws IOException {
    Path f = file("""
        # ${NOPE} in a comment is only a comment
        host: ${GATEWAY_HOST:-127.0.0.1}
        port: ${GATEWAY_PORT}
        """);

    GatewayConfig config = new GatewayConfigLoader().load(new String[] {"--config=" + f},
        Map.of("GATEWAY_PORT", "5000"));

    assertThat(config.host()).isEqualTo("127.0.0.1");
    assertThat(config.port()).isEqualTo(5000);
    assertThatThrownBy(() -> new GatewayConfigLoader().load(new String[] {"--config=" + f}, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("sheaf.yaml:3: port: ${GATEWAY_PORT} is not set")
        .hasMessageContaining("give a default, e.g. ${GATEWAY_PORT:-value}");
  }

  @Test
  void everyProblemOfTheFileIsReportedAtOnceWithItsLine() throws IOException {
    Path f = file("port: [4000]\neventLoops: 0\ncors: yes please\nlimits:\n  maxDepht: 3\n");

    assertThatThrownBy(() -> new GatewayConfigLoader().load(new String[] {"--config=" + f}, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("3 problems")
        .hasMessageContaining("sheaf.yaml:1: port: expected a single value, not a list")
        .hasMessageContaining("sheaf.yaml:3: cors: expected a mapping of allowOrigins, allowCredentials, maxAge")
        .hasMessageContaining("sheaf.yaml:5: unknown key 'maxDepht' in limits; allowed keys here: maxDepth, maxAliases,");
    Path values = file("eventLoops: 0\nshutdownGrace: soon\n");
    assertThatThrownBy(() -> new GatewayConfigLoader().load(new String[] {"--config=" + values}, Map.of()))
        .hasMessageContaining("2 problems")
        .hasMessageContaining("sheaf.yaml:1: eventLoops: 0 is not a usable number")
        .hasMessageContaining("sheaf.yaml:2: shutdownGrace: 'soon' is not a duration");
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
        .hasMessageContaining("--persisted-queries (persistedQueries.enabled): 'yes' is not a boolean");
    Path zero = file("persistedQueries:\n  maxEntries: 0\n");
    assertThatThrownBy(() -> new GatewayConfigLoader().load(new String[] {"--config=" + zero}, Map.of()))
        .hasMessageContaining("persistedQueries.maxEntries");
  }

  @Test
  void rateLimitsAndTheirOverridesComeFromTheFileWithLinesForEveryProblem() throws IOException {
    Path f = file("rateLimit:\n  limit: 20\n  key: [claims.client_id+operationName, ip]\n  overrides:\n"
        + "    ci-bot: 1000\n    \"42\": 5\nredis:\n  url: redis://cache:6379\n");
    GatewayConfig config = new GatewayConfigLoader().load(new String[] {"--config=" + f}, Map.of());

    assertThat(config.policies().rateLimit()).isEqualTo(new RateLimitConfig(20, java.time.Duration.ofSeconds(1), 0,
        List.of("claims.client_id+operationName", "ip"), Map.of("ci-bot", 1000, "42", 5)));
    assertThat(config.policies().redis().url()).isEqualTo("redis://cache:6379");

    Path bad = file("rateLimit:\n  overrides:\n    ci-bot: lots\n");
    assertThatThrownBy(() -> new GatewayConfigLoader().load(new String[] {"--config=" + bad}, Map.of()))
        .hasMessageContaining("sheaf.yaml:3: rateLimit.overrides.ci-bot: 'lots' is not a limit");
    assertThatThrownBy(() -> new GatewayConfigLoader().load(new String[] {"--redis=localhost:6379"}, Map.of()))
        .hasMessageContaining("--redis (redis.url): 'localhost:6379' is not a Redis URL; write redis://host:6379");
    assertThatThrownBy(() -> new GatewayConfigLoader().load(new String[] {"--rate-limit-key=claims.sub,user"}, Map.of()))
        .hasMessageContaining("rateLimit.key: 'user' in 'user' is not a part of a key");
  }

  @Test
  void answersInRedisNeedARedisAndTheErrorSaysWhichKeyAndTheFix() throws IOException {
    Path f = file("cache:\n  store: redis\n");
    assertThatThrownBy(() -> new GatewayConfigLoader().load(new String[] {"--config=" + f}, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("cache.store: redis")
        .hasMessageContaining("redis.url is not set; set redis.url (e.g. redis://redis:6379")
        .hasMessageContaining("or write cache.store: memory");
    assertThatThrownBy(() -> new GatewayConfigLoader().load(new String[] {"--cache-store=disk"}, Map.of()))
        .hasMessageContaining("--cache-store (cache.store): 'disk' is not a cache store; write memory or redis");

    GatewayConfig shared = new GatewayConfigLoader().load(new String[] {"--config=" + f},
        Map.of("SHEAF_REDIS_URL", "redis://cache:6379"));
    assertThat(shared.cache().store()).isEqualTo(CacheConfig.Store.REDIS);
    assertThat(shared.cache().shared()).isTrue();
    assertThat(new GatewayConfigLoader().load(new String[0], Map.of()).cache().store())
        .isEqualTo(CacheConfig.Store.MEMORY);
  }
}

package dev.sheaf.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sheaf.auth.AuthConfig;
import dev.sheaf.auth.AuthSpec;
import dev.sheaf.config.Setting.Kind;
import dev.sheaf.config.Setting.Value;
import dev.sheaf.graphql.QueryLimits;
import dev.sheaf.tls.BackendTlsDefaults;
import dev.sheaf.tls.TlsSettings;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * Builds the {@link GatewayConfig} from {@link #SETTINGS}, one rule for all: defaults, then the
 * config file ({@code --config=FILE} or {@code SHEAF_CONFIG}, else {@code sheaf.yaml} when present),
 * then environment variables, then command-line flags. {@code ${NAME}} in the file's values is
 * replaced from the environment. Every value is checked the same way wherever it came from, and
 * all problems are reported together.
 */
public final class GatewayConfigLoader {

  /** The config file's location: a flag or variable, never a key of the file itself. */
  public static final Setting CONFIG_FILE = new Setting(null, "--config", "SHEAF_CONFIG", Kind.PATH);

  /**
   * Every setting, as the README's Configuration table lists them (a test holds the two together,
   * and the JSON Schema of the file with them).
   */
  public static final List<Setting> SETTINGS = List.of(
      new Setting("host", "--host", "SHEAF_HOST", Kind.TEXT),
      new Setting("port", "--port", "SHEAF_PORT", Kind.PORT),
      new Setting("deadline.default", "--deadline", "SHEAF_DEADLINE", Kind.DURATION),
      new Setting("deadline.max", "--max-deadline", "SHEAF_MAX_DEADLINE", Kind.DURATION),
      new Setting("bodyLimitBytes", "--body-limit", "SHEAF_BODY_LIMIT", Kind.BYTES),
      new Setting("schemaDir", "--schema", "SHEAF_SCHEMA_DIR", Kind.PATH),
      new Setting("resolversDir", "--resolvers", "SHEAF_RESOLVERS_DIR", Kind.PATH),
      new Setting("documentCacheSize", "--document-cache-size", "SHEAF_DOCUMENT_CACHE_SIZE", Kind.COUNT),
      new Setting("eventLoops", "--event-loops", "SHEAF_EVENT_LOOPS", Kind.EVENT_LOOPS),
      // Issuers, keys and their options form a structure that no flag or variable could carry.
      new Setting("auth", null, null, Kind.SECTION),
      new Setting("limits.maxDepth", "--max-depth", "SHEAF_MAX_DEPTH", Kind.COUNT),
      new Setting("limits.maxAliases", "--max-aliases", "SHEAF_MAX_ALIASES", Kind.COUNT),
      new Setting("limits.maxFields", "--max-fields", "SHEAF_MAX_FIELDS", Kind.COUNT),
      new Setting("limits.maxCost", "--max-cost", "SHEAF_MAX_COST", Kind.COUNT),
      new Setting("limits.assumedListSize", "--assumed-list-size", "SHEAF_ASSUMED_LIST_SIZE", Kind.COUNT),
      new Setting("shutdownGrace", "--shutdown-grace", "SHEAF_SHUTDOWN_GRACE", Kind.DURATION),
      new Setting("clientTimeouts.idle", "--client-idle-timeout", "SHEAF_CLIENT_IDLE_TIMEOUT", Kind.POSITIVE_DURATION),
      new Setting("clientTimeouts.headers", "--client-header-timeout", "SHEAF_CLIENT_HEADER_TIMEOUT",
          Kind.POSITIVE_DURATION),
      new Setting("clientTimeouts.body", "--client-body-timeout", "SHEAF_CLIENT_BODY_TIMEOUT", Kind.POSITIVE_DURATION),
      new Setting("cors.allowOrigins", "--cors-origins", "SHEAF_CORS_ORIGINS", Kind.LIST),
      new Setting("cors.allowCredentials", "--cors-allow-credentials", "SHEAF_CORS_ALLOW_CREDENTIALS", Kind.BOOLEAN),
      new Setting("cors.maxAge", "--cors-max-age", "SHEAF_CORS_MAX_AGE", Kind.DURATION),
      new Setting("admin.port", "--admin-port", "SHEAF_ADMIN_PORT", Kind.PORT),
      new Setting("persistedQueries.enabled", "--persisted-queries", "SHEAF_PERSISTED_QUERIES", Kind.BOOLEAN),
      new Setting("persistedQueries.maxEntries", "--persisted-queries-max-entries",
          "SHEAF_PERSISTED_QUERIES_MAX_ENTRIES", Kind.COUNT),
      new Setting("trustedDocuments.mode", "--trusted-documents", "SHEAF_TRUSTED_DOCUMENTS", Kind.TRUSTED_DOCUMENTS_MODE),
      new Setting("introspection", "--introspection", "SHEAF_INTROSPECTION", Kind.BOOLEAN),
      new Setting("backendTls.caFiles", "--backend-ca-files", "SHEAF_BACKEND_CA_FILES", Kind.LIST),
      new Setting("backendTls.trustJvmCas", "--backend-trust-jvm-cas", "SHEAF_BACKEND_TRUST_JVM_CAS", Kind.BOOLEAN),
      new Setting("backendTls.verifyHostname", "--backend-verify-hostname", "SHEAF_BACKEND_VERIFY_HOSTNAME",
          Kind.BOOLEAN),
      new Setting("backendTls.certFile", "--backend-cert-file", "SHEAF_BACKEND_CERT_FILE", Kind.PATH),
      new Setting("backendTls.keyFile", "--backend-key-file", "SHEAF_BACKEND_KEY_FILE", Kind.PATH),
      // No flag: a password on the command line is visible to every user of the machine (ps).
      new Setting("backendTls.keyPassword", null, "SHEAF_BACKEND_KEY_PASSWORD", Kind.TEXT),
      new Setting("backendTls.expiryWarning", "--backend-cert-expiry-warning", "SHEAF_BACKEND_CERT_EXPIRY_WARNING",
          Kind.DURATION),
      new Setting("tracing.endpoint", "--tracing-endpoint", "SHEAF_TRACING_ENDPOINT", Kind.OTLP_ENDPOINT),
      new Setting("tracing.sampleRatio", "--tracing-sample-ratio", "SHEAF_TRACING_SAMPLE_RATIO", Kind.RATIO),
      new Setting("tracing.propagation", "--tracing-propagation", "SHEAF_TRACING_PROPAGATION", Kind.TRACE_PARENTS),
      new Setting("tracing.queueSize", "--tracing-queue-size", "SHEAF_TRACING_QUEUE_SIZE", Kind.COUNT),
      new Setting("logs.format", "--log-format", "SHEAF_LOG_FORMAT", Kind.LOG_FORMAT),
      new Setting("logs.levels", "--log-levels", "SHEAF_LOG_LEVELS", Kind.LOG_LEVELS),
      new Setting("accessLog.enabled", "--access-log", "SHEAF_ACCESS_LOG", Kind.BOOLEAN),
      new Setting("debug.enabled", "--debug", "SHEAF_DEBUG", Kind.BOOLEAN),
      new Setting("debug.scope", "--debug-scope", "SHEAF_DEBUG_SCOPE", Kind.TEXT),
      new Setting("debug.recentRequests", "--recent-requests", "SHEAF_RECENT_REQUESTS", Kind.COUNT),
      new Setting("metrics.enabled", "--metrics", "SHEAF_METRICS", Kind.BOOLEAN),
      new Setting("metrics.maxOperationNames", "--max-operation-names", "SHEAF_MAX_OPERATION_NAMES", Kind.COUNT),
      new Setting("shedding.maxInFlight", "--max-in-flight", "SHEAF_MAX_IN_FLIGHT", Kind.COUNT),
      new Setting("shedding.maxEventLoopDelay", "--max-event-loop-delay", "SHEAF_MAX_EVENT_LOOP_DELAY", Kind.DURATION),
      new Setting("shedding.retryAfter", "--shed-retry-after", "SHEAF_SHED_RETRY_AFTER", Kind.POSITIVE_DURATION),
      new Setting("shedding.adaptive", "--adaptive-shedding", "SHEAF_ADAPTIVE_SHEDDING", Kind.BOOLEAN),
      new Setting("shedding.targetCpu", "--target-cpu", "SHEAF_TARGET_CPU", Kind.RATIO),
      new Setting("rateLimit.limit", "--rate-limit", "SHEAF_RATE_LIMIT", Kind.COUNT),
      new Setting("rateLimit.period", "--rate-limit-period", "SHEAF_RATE_LIMIT_PERIOD", Kind.POSITIVE_DURATION),
      new Setting("rateLimit.burst", "--rate-limit-burst", "SHEAF_RATE_LIMIT_BURST", Kind.COUNT),
      new Setting("rateLimit.key", "--rate-limit-key", "SHEAF_RATE_LIMIT_KEY", Kind.LIST),
      // A map of keys to limits: no flag or variable could carry it.
      new Setting("rateLimit.overrides", null, null, Kind.SECTION),
      new Setting("csrf.enabled", "--csrf", "SHEAF_CSRF", Kind.BOOLEAN),
      new Setting("csrf.requiredHeaders", "--csrf-required-headers", "SHEAF_CSRF_REQUIRED_HEADERS", Kind.LIST),
      new Setting("redis.url", "--redis", "SHEAF_REDIS_URL", Kind.REDIS_URL),
      new Setting("redis.timeout", "--redis-timeout", "SHEAF_REDIS_TIMEOUT", Kind.POSITIVE_DURATION),
      new Setting("cache.enabled", "--cache", "SHEAF_CACHE", Kind.BOOLEAN),
      new Setting("cache.maxBytes", "--cache-max-bytes", "SHEAF_CACHE_MAX_BYTES", Kind.BYTES),
      new Setting("cache.store", "--cache-store", "SHEAF_CACHE_STORE", Kind.CACHE_STORE),
      new Setting("cache.maxEntryBytes", "--cache-max-entry-bytes", "SHEAF_CACHE_MAX_ENTRY_BYTES", Kind.BYTES),
      new Setting("graphiql.enabled", "--graphiql", "SHEAF_GRAPHIQL", Kind.BOOLEAN),
      new Setting("warmup.enabled", "--warmup", "SHEAF_WARMUP", Kind.BOOLEAN),
      new Setting("warmup.duration", "--warmup-duration", "SHEAF_WARMUP_DURATION", Kind.POSITIVE_DURATION),
      CONFIG_FILE);

  private static final Map<String, Setting> BY_KEY = index(Setting::key);
  private static final Map<String, Setting> BY_FLAG = index(Setting::flag);
  private static final Map<String, Setting> BY_ENV = index(Setting::env);

  static final int MAX_EVENT_LOOPS = 256;

  /** Flags that are not settings but switches, handled by {@code Main}. */
  public static final Set<String> SWITCHES = Set.of("--check", "--check-reflection", "--check-warmup", "--help");

  /** The configuration check's previous configuration: {@code --against=DIR}. */
  public static final String AGAINST = "--against=";

  /** The {@code auth:} section alone, read into its record so its own keys are checked there. */
  record AuthSection(AuthSpec auth) {
  }

  /** The values the file gives, and its auth section and rate-limit overrides, already checked. */
  private record FileSettings(Map<Setting, Value> values, AuthConfig auth, Map<String, Integer> overrides) {
  }

  public GatewayConfig load(String[] args, Map<String, String> env) {
    Map<Setting, Value> fromEnv = fromEnvironment(env);
    Map<Setting, Value> fromFlags = fromFlags(args);
    Value configFile = fromFlags.getOrDefault(CONFIG_FILE, fromEnv.get(CONFIG_FILE));
    Path file = configFile != null ? Path.of(configFile.text())
        : Files.exists(Path.of("sheaf.yaml")) ? Path.of("sheaf.yaml") : null;
    Map<Setting, Value> given = new LinkedHashMap<>();
    AuthConfig auth = null;
    Map<String, Integer> overrides = Map.of();
    if (file != null) {
      FileSettings fromFile = readFile(file, env);
      given.putAll(fromFile.values());
      auth = fromFile.auth();
      overrides = fromFile.overrides();
    }
    given.putAll(fromEnv);
    given.putAll(fromFlags);
    given.remove(CONFIG_FILE);
    GatewayConfig config = assemble(parseAll(given), given, auth, overrides);
    config.cache().checkStore(config.policies().redis());
    return config;
  }

  private static Map<Setting, Value> fromEnvironment(Map<String, String> env) {
    Map<Setting, Value> values = new LinkedHashMap<>();
    BY_ENV.forEach((name, setting) -> {
      if (env.containsKey(name)) {
        values.put(setting, Value.ofText(env.get(name), name + describe(setting)));
      }
    });
    return values;
  }

  private static Map<Setting, Value> fromFlags(String[] args) {
    Map<Setting, Value> values = new LinkedHashMap<>();
    for (String arg : args) {
      if (SWITCHES.contains(arg) || arg.startsWith(AGAINST)) {
        continue;
      }
      int eq = arg.indexOf('=');
      Setting setting = BY_FLAG.get(eq < 0 ? arg : arg.substring(0, eq));
      if (setting == null || eq < 0) {
        throw new ConfigException("unknown or incomplete flag '" + arg + "'; flags are "
            + String.join("=…, ", BY_FLAG.keySet().stream().sorted().toList()) + "=…, " + AGAINST + "…, "
            + String.join(", ", SWITCHES.stream().sorted().toList()) + " (see the README, \"Configuration\")");
      }
      values.put(setting, Value.ofText(arg.substring(eq + 1), setting.flag() + describe(setting)));
    }
    return values;
  }

  private static String describe(Setting setting) {
    return setting.key() == null ? "" : " (" + setting.key() + ")";
  }

  private FileSettings readFile(Path file, Map<String, String> env) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException(file + ": config file not found; pass an existing file with --config=FILE");
    }
    String text = YamlFiles.text(file);
    YamlLocator locator = new YamlLocator(text);
    YamlFiles yaml = new YamlFiles(Placeholders.fromEnvironment(env));
    JsonNode tree = yaml.tree(file, text, locator);
    ConfigProblems problems = newProblems();
    if (!tree.isObject()) {
      problems.add(file, 1, null, "expected a mapping of settings, e.g. port: 4000 (see the README, \"Configuration\")");
    } else {
      checkKeys(file, locator, tree, List.of(), problems);
    }
    problems.throwIfAny();
    Map<Setting, Value> values = new LinkedHashMap<>();
    for (Setting setting : SETTINGS) {
      if (setting.key() == null || setting.kind() == Kind.SECTION) {
        continue;
      }
      JsonNode node = tree.at("/" + String.join("/", setting.path()));
      if (node.isMissingNode() || node.isNull()) {
        continue;
      }
      String where = file + ":" + locator.lineOf(setting.path()) + ": " + setting.key();
      values.put(setting, node.isArray() ? new Value(null, items(node), where)
          : node.isObject() ? new Value(null, pairs(node), where) : Value.ofText(node.asText(), where));
    }
    AuthConfig auth = null;
    if (tree.hasNonNull("auth")) {
      ObjectNode authOnly = JsonNodeFactory.instance.objectNode().set("auth", tree.get("auth"));
      auth = AuthConfig.from(yaml.convert(file, locator, authOnly, AuthSection.class).auth(), file);
    }
    return new FileSettings(values, auth, overrides(file, locator, tree.at("/rateLimit/overrides")));
  }

  /** {@code rateLimit.overrides}: a mapping of rendered keys to their own limit. */
  private static Map<String, Integer> overrides(Path file, YamlLocator locator, JsonNode node) {
    if (node.isMissingNode() || node.isNull()) {
      return Map.of();
    }
    ConfigProblems problems = newProblems();
    Map<String, Integer> overrides = new LinkedHashMap<>();
    if (!node.isObject()) {
      problems.add(file, locator.lineOf("rateLimit", "overrides"), "rateLimit.overrides",
          "expected a mapping of keys to limits, e.g. { \"mobile-app\": 500 }");
    } else {
      node.fields().forEachRemaining(entry -> {
        JsonNode limit = entry.getValue();
        if (limit.canConvertToInt() && limit.isIntegralNumber() && limit.asInt() > 0
            || limit.isTextual() && limit.asText().matches("[1-9][0-9]{0,8}")) {
          overrides.put(entry.getKey(), limit.asInt());
        } else {
          problems.add(file, locator.lineOf("rateLimit", "overrides", entry.getKey()),
              "rateLimit.overrides." + entry.getKey(), "'" + limit.asText() + "' is not a limit; write a whole number "
              + "of requests per rateLimit.period, greater than zero");
        }
      });
    }
    problems.throwIfAny();
    return overrides;
  }

  /** Refuses keys no setting has, and values of the wrong shape, with their lines and the keys allowed there. */
  private static void checkKeys(Path file, YamlLocator locator, JsonNode section, List<String> at,
                                ConfigProblems problems) {
    String prefix = at.isEmpty() ? "" : String.join(".", at) + ".";
    Set<String> allowed = childrenOf(prefix);
    for (var fields = section.fields(); fields.hasNext(); ) {
      var field = fields.next();
      List<String> path = new ArrayList<>(at);
      path.add(field.getKey());
      String key = prefix + field.getKey();
      int line = locator.lineOf(path.toArray(String[]::new));
      JsonNode value = field.getValue();
      Setting setting = BY_KEY.get(key);
      if (setting != null) {
        checkShape(setting, value, file, line, problems);
      } else if (!allowed.contains(field.getKey())) {
        problems.add(file, line, null, "unknown key '" + field.getKey() + "'" + (at.isEmpty() ? "" : " in " + prefix
            .substring(0, prefix.length() - 1)) + "; allowed keys here: " + String.join(", ", allowed));
      } else if (value.isObject()) {
        checkKeys(file, locator, value, path, problems);
      } else if (!value.isNull()) {
        problems.add(file, line, key, "expected a mapping of " + String.join(", ", childrenOf(key + ".")));
      }
    }
  }

  private static void checkShape(Setting setting, JsonNode value, Path file, int line, ConfigProblems problems) {
    boolean ok = switch (setting.kind()) {
      case SECTION -> true; // read into its own record, which checks it
      case LIST -> value.isNull() || value.isValueNode() || value.isArray()
          && StreamSupport.stream(value.spliterator(), false).allMatch(JsonNode::isValueNode);
      case LOG_LEVELS -> value.isNull() || value.isValueNode() || value.isObject()
          && StreamSupport.stream(value.spliterator(), false).allMatch(JsonNode::isValueNode);
      default -> value.isValueNode();
    };
    if (!ok) {
      problems.add(file, line, setting.key(), setting.kind() == Kind.LIST
          ? "expected a list of values, e.g. [https://shop.example.com]"
          : setting.kind() == Kind.LOG_LEVELS ? "expected a mapping of logger names to levels, e.g. {dev.sheaf: debug}"
          : "expected a single value, not " + (value.isArray() ? "a list" : "a mapping"));
    }
  }

  private static Set<String> childrenOf(String prefix) {
    Set<String> children = new LinkedHashSet<>();
    for (Setting setting : SETTINGS) {
      if (setting.key() != null && setting.key().startsWith(prefix)) {
        children.add(setting.key().substring(prefix.length()).split("\\.")[0]);
      }
    }
    return children;
  }

  /** A mapping's entries as {@code key=value} items, the shape a flag or variable gives them in. */
  private static List<String> pairs(JsonNode mapping) {
    List<String> pairs = new ArrayList<>();
    mapping.fields().forEachRemaining(entry -> pairs.add(entry.getKey() + "=" + entry.getValue().asText()));
    return pairs;
  }

  private static List<String> items(JsonNode array) {
    List<String> items = new ArrayList<>();
    array.forEach(item -> items.add(item.isNull() ? "" : item.asText()));
    return items;
  }

  private static Map<Setting, Object> parseAll(Map<Setting, Value> given) {
    ConfigProblems problems = newProblems();
    Map<Setting, Object> parsed = new LinkedHashMap<>();
    given.forEach((setting, value) -> {
      try {
        parsed.put(setting, parse(setting.kind(), value));
      } catch (ConfigException e) {
        problems.add(e.getMessage());
      }
    });
    problems.throwIfAny();
    return parsed;
  }

  private static Object parse(Kind kind, Value value) {
    String where = value.where();
    return switch (kind) {
      case TEXT -> nonBlank(value.text(), where);
      case PATH -> path(nonBlank(value.text(), where), where);
      case PORT -> checkPort(parseLong(value.text(), where), where);
      case COUNT -> (int) checkRange(parseLong(value.text(), where), 1, Integer.MAX_VALUE, where);
      case BYTES -> checkRange(parseLong(value.text(), where), 1, Long.MAX_VALUE, where);
      case EVENT_LOOPS -> checkEventLoops(parseLong(value.text(), where), where);
      case DURATION -> Durations.parse(value.text(), where);
      case POSITIVE_DURATION -> positive(value.text(), where);
      case BOOLEAN -> bool(value.text(), where);
      case TRUSTED_DOCUMENTS_MODE -> TrustedDocumentsMode.parse(value.text(), where);
      case REDIS_URL -> RedisConfig.checkUrl(nonBlank(value.text(), where), where);
      case CACHE_STORE -> CacheConfig.Store.parse(value.text(), where);
      case LIST -> value.list();
      case OTLP_ENDPOINT -> TracingConfig.endpoint(nonBlank(value.text(), where), where);
      case RATIO -> TracingConfig.ratio(nonBlank(value.text(), where), where);
      case TRACE_PARENTS -> TracingConfig.Parents.parse(value.text(), where);
      case LOG_FORMAT -> LogsConfig.Format.parse(value.text(), where);
      case LOG_LEVELS -> LogsConfig.levels(levelPairs(value.list(), where), where);
      case SECTION -> throw new IllegalStateException("a section is read from the file only");
    };
  }

  private GatewayConfig assemble(Map<Setting, Object> parsed, Map<Setting, Value> given, AuthConfig auth,
                                 Map<String, Integer> overrides) {
    Values v = new Values(parsed);
    GatewayConfig d = GatewayConfig.defaults();
    QueryLimits limits = d.limits();
    ClientTimeouts timeouts = d.clientTimeouts();
    return new GatewayConfig(
        v.get("host", d.host()),
        v.get("port", d.port()),
        v.get("deadline.default", d.defaultDeadline()),
        v.get("deadline.max", d.maxDeadline()),
        v.get("bodyLimitBytes", d.bodyLimitBytes()),
        v.get("schemaDir", d.schemaDir()),
        v.get("resolversDir", d.resolversDir()),
        v.get("documentCacheSize", d.documentCacheSize()),
        v.get("eventLoops", d.eventLoops()),
        d.vars(),
        auth,
        cors(v, given),
        v.get("shutdownGrace", d.shutdownGrace()),
        new QueryLimits(v.get("limits.maxDepth", limits.maxDepth()), v.get("limits.maxAliases", limits.maxAliases()),
            v.get("limits.maxFields", limits.maxFields())),
        new ClientTimeouts(v.get("clientTimeouts.idle", timeouts.idle()),
            v.get("clientTimeouts.headers", timeouts.headers()), v.get("clientTimeouts.body", timeouts.body())),
        v.get("admin.port", d.adminPort()),
        new PersistedQueriesConfig(v.get("persistedQueries.enabled", d.persistedQueries().enabled()),
            v.get("persistedQueries.maxEntries", d.persistedQueries().maxEntries())),
        v.get("trustedDocuments.mode", d.trustedDocuments()),
        v.get("introspection", d.introspection()),
        backendTls(v, d.backendTls()),
        observability(v, d.observability()),
        new InsightConfig(v.get("metrics.enabled", d.insight().metrics()),
            v.get("accessLog.enabled", d.insight().accessLog()),
            v.get("debug.enabled", d.insight().debugEnabled()), v.get("debug.scope", d.insight().debugScope()),
            v.get("debug.recentRequests", d.insight().recentRequests()),
            v.get("metrics.maxOperationNames", d.insight().maxOperationNames())),
        new SheddingConfig(v.get("shedding.maxInFlight", d.shedding().maxInFlight()),
            v.get("shedding.maxEventLoopDelay", d.shedding().maxEventLoopDelay()),
            v.get("shedding.retryAfter", d.shedding().retryAfter()),
            v.get("shedding.adaptive", d.shedding().adaptive()),
            v.get("shedding.targetCpu", d.shedding().targetCpu())),
        policies(v, d.policies(), overrides),
        new CacheConfig(v.get("cache.enabled", d.cache().enabled()), v.get("cache.maxBytes", d.cache().maxBytes()),
            v.get("cache.store", d.cache().store()), v.get("cache.maxEntryBytes", d.cache().maxEntryBytes())),
        new GraphiQLConfig(v.get("graphiql.enabled", d.graphiql().enabled())),
        new WarmupConfig(v.get("warmup.enabled", d.warmup().enabled()), v.get("warmup.duration", d.warmup().duration())));
  }

  private static ClientPolicies policies(Values v, ClientPolicies d, Map<String, Integer> overrides) {
    RateLimitConfig rate = d.rateLimit();
    return new ClientPolicies(
        new CostLimits(v.get("limits.maxCost", d.cost().maxCost()),
            v.get("limits.assumedListSize", d.cost().assumedListSize())),
        new RateLimitConfig(v.get("rateLimit.limit", rate.limit()), v.get("rateLimit.period", rate.period()),
            v.get("rateLimit.burst", rate.burst()), v.get("rateLimit.key", rate.key()), overrides),
        new CsrfConfig(v.get("csrf.enabled", d.csrf().enabled()),
            v.get("csrf.requiredHeaders", d.csrf().requiredHeaders())),
        new RedisConfig(v.get("redis.url", d.redis().url()), v.get("redis.timeout", d.redis().timeout())));
  }

  private static BackendTlsDefaults backendTls(Values v, BackendTlsDefaults d) {
    List<String> caFiles = v.get("backendTls.caFiles", null);
    return new BackendTlsDefaults(new TlsSettings(caFiles == null || caFiles.isEmpty() ? null
        : caFiles.stream().map(Path::of).toList(), v.get("backendTls.trustJvmCas", null),
        v.get("backendTls.verifyHostname", null), v.get("backendTls.certFile", null), v.get("backendTls.keyFile", null),
        v.get("backendTls.keyPassword", null)), v.get("backendTls.expiryWarning", d.expiryWarning()));
  }

  private static ObservabilityConfig observability(Values v, ObservabilityConfig d) {
    TracingConfig tracing = d.tracing();
    LogsConfig logs = d.logs();
    return new ObservabilityConfig(
        new TracingConfig(v.get("tracing.endpoint", tracing.endpoint()),
            v.get("tracing.sampleRatio", tracing.sampleRatio()), v.get("tracing.propagation", tracing.parents()),
            v.get("tracing.queueSize", tracing.queueSize())),
        new LogsConfig(v.get("logs.format", logs.format()), v.get("logs.levels", logs.levels())));
  }

  private static Map<String, String> levelPairs(List<String> items, String where) {
    Map<String, String> pairs = new LinkedHashMap<>();
    for (String item : items) {
      int eq = item.indexOf('=');
      if (eq <= 0) {
        throw new ConfigException(where + ": '" + item + "' is not logger=level; write e.g. dev.sheaf=debug,io.netty=warn");
      }
      pairs.put(item.substring(0, eq).trim(), item.substring(eq + 1).trim());
    }
    return pairs;
  }

  // An empty list of origins turns CORS off (e.g. SHEAF_CORS_ORIGINS= over a file that lists some).
  private static CorsConfig cors(Values v, Map<Setting, Value> given) {
    List<String> origins = v.get("cors.allowOrigins", null);
    boolean credentials = v.get("cors.allowCredentials", false);
    Duration maxAge = v.get("cors.maxAge", CorsConfig.DEFAULT_MAX_AGE);
    if (origins != null && origins.isEmpty()) {
      return null;
    }
    Value at = given.get(BY_KEY.get("cors.allowOrigins"));
    if (at == null) {
      at = given.getOrDefault(BY_KEY.get("cors.allowCredentials"), given.get(BY_KEY.get("cors.maxAge")));
    }
    return at == null ? null : CorsConfig.of(origins, credentials, maxAge, at.where());
  }

  /** The parsed values by key; each kind parses to the type its field has. */
  private record Values(Map<Setting, Object> parsed) {

    @SuppressWarnings("unchecked")
    <T> T get(String key, T fallback) {
      Setting setting = BY_KEY.get(key);
      return parsed.containsKey(setting) ? (T) parsed.get(setting) : fallback;
    }
  }

  private static ConfigProblems newProblems() {
    return new ConfigProblems("Invalid configuration:", "problems in the configuration:");
  }

  private static Map<String, Setting> index(Function<Setting, String> name) {
    return SETTINGS.stream().filter(s -> name.apply(s) != null)
        .collect(Collectors.toUnmodifiableMap(name, s -> s));
  }

  private static String nonBlank(String text, String where) {
    if (text == null || text.isBlank()) {
      throw new ConfigException(where + ": must not be empty");
    }
    return text.trim();
  }

  private static Path path(String text, String where) {
    try {
      return Path.of(text);
    } catch (InvalidPathException e) {
      throw new ConfigException(where + ": '" + text + "' is not a path (" + e.getReason() + ")");
    }
  }

  private static boolean bool(String text, String where) {
    String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    if (!t.equals("true") && !t.equals("false")) {
      throw new ConfigException(where + ": '" + text + "' is not a boolean; write true or false");
    }
    return t.equals("true");
  }

  private static long parseLong(String text, String where) {
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw new ConfigException(where + ": '" + text + "' is not a whole number");
    }
  }

  private static int checkPort(long port, String where) {
    if (port < 0 || port > 65535) {
      throw new ConfigException(where + ": " + port + " is not a TCP port; use 0..65535 (0 picks a free port)");
    }
    return (int) port;
  }

  // More servers than event loops would share loops and buy nothing; the cap only catches typos.
  private static int checkEventLoops(long loops, String where) {
    if (loops < 1 || loops > MAX_EVENT_LOOPS) {
      throw new ConfigException(where + ": " + loops + " is not a usable number of event loops; use 1.."
          + MAX_EVENT_LOOPS + " (about one per core)");
    }
    return (int) loops;
  }

  // A zero timeout would close every connection at once rather than mean "no timeout".
  private static Duration positive(String text, String where) {
    Duration d = Durations.parse(text, where);
    if (d.isZero()) {
      throw new ConfigException(where + ": must be longer than zero, got '" + text + "'");
    }
    return d;
  }

  private static long checkRange(long value, long min, long max, String where) {
    if (value < min) {
      throw new ConfigException(where + ": must be greater than zero, got " + value);
    }
    if (value > max) {
      throw new ConfigException(where + ": " + value + " is too large; at most " + max);
    }
    return value;
  }
}

package dev.sheaf.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.sheaf.auth.AuthConfig;
import dev.sheaf.auth.AuthSpec;
import dev.sheaf.graphql.QueryLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Builds the {@link GatewayConfig}: defaults, then the config file ({@code --config=FILE} or
 * {@code SHEAF_CONFIG}, else {@code sheaf.yaml} when present), then {@code SHEAF_*} environment
 * variables, then command-line flags.
 */
public final class GatewayConfigLoader {

  /** The file's shape; every key optional. */
  record FileConfig(String host, Integer port, DeadlineSection deadline, Long bodyLimitBytes,
                    String schemaDir, String resolversDir, Integer documentCacheSize, Integer eventLoops,
                    AuthSpec auth, CorsSection cors, String shutdownGrace, LimitsSection limits,
                    ClientTimeoutsSection clientTimeouts, AdminSection admin,
                    PersistedQueriesSection persistedQueries) {
  }

  record PersistedQueriesSection(Boolean enabled, Integer maxEntries) {
  }

  record AdminSection(Integer port) {
  }

  record ClientTimeoutsSection(String idle, String headers, String body) {
  }

  record DeadlineSection(@JsonProperty("default") String defaultTimeout, String max) {
  }

  record LimitsSection(Integer maxDepth, Integer maxAliases, Integer maxFields) {
  }

  record CorsSection(List<String> allowOrigins, Boolean allowCredentials, String maxAge) {
  }

  /** A setting that a command-line flag and an environment variable may give: its key, flag, variable. */
  private record SettingSource(String key, String flag, String env) {
  }

  private static final List<SettingSource> SETTING_SOURCES = List.of(
      new SettingSource("host", "--host", "SHEAF_HOST"),
      new SettingSource("port", "--port", "SHEAF_PORT"),
      new SettingSource("deadline.default", "--deadline", "SHEAF_DEADLINE"),
      new SettingSource("deadline.max", "--max-deadline", "SHEAF_MAX_DEADLINE"),
      new SettingSource("bodyLimitBytes", "--body-limit", "SHEAF_BODY_LIMIT"),
      new SettingSource("schemaDir", "--schema", "SHEAF_SCHEMA_DIR"),
      new SettingSource("resolversDir", "--resolvers", "SHEAF_RESOLVERS_DIR"),
      new SettingSource("eventLoops", "--event-loops", "SHEAF_EVENT_LOOPS"),
      new SettingSource("cors.allowOrigins", "--cors-origins", "SHEAF_CORS_ORIGINS"),
      new SettingSource("shutdownGrace", "--shutdown-grace", "SHEAF_SHUTDOWN_GRACE"),
      new SettingSource("clientTimeouts.idle", "--client-idle-timeout", "SHEAF_CLIENT_IDLE_TIMEOUT"),
      new SettingSource("clientTimeouts.headers", "--client-header-timeout", "SHEAF_CLIENT_HEADER_TIMEOUT"),
      new SettingSource("clientTimeouts.body", "--client-body-timeout", "SHEAF_CLIENT_BODY_TIMEOUT"),
      new SettingSource("admin.port", "--admin-port", "SHEAF_ADMIN_PORT"),
      new SettingSource("persistedQueries.enabled", "--persisted-queries", "SHEAF_PERSISTED_QUERIES"),
      new SettingSource("persistedQueries.maxEntries", "--persisted-queries-max-entries",
          "SHEAF_PERSISTED_QUERIES_MAX_ENTRIES"),
      new SettingSource("config", "--config", "SHEAF_CONFIG"));

  private static final Map<String, String> FLAG_TO_KEY =
      SETTING_SOURCES.stream().collect(Collectors.toUnmodifiableMap(SettingSource::flag, SettingSource::key));
  private static final Map<String, String> ENV_TO_KEY =
      SETTING_SOURCES.stream().collect(Collectors.toUnmodifiableMap(SettingSource::env, SettingSource::key));

  static final int MAX_EVENT_LOOPS = 256;

  /** Flags that are not settings but switches, handled by {@code Main}. */
  public static final Set<String> SWITCHES = Set.of("--check", "--check-reflection", "--help");
  /** The check's previous configuration, {@code --against=DIR}: not a setting either, handled by {@code Main}. */
  public static final String AGAINST = "--against=";

  public GatewayConfig load(String[] args, Map<String, String> env) {
    Map<String, String> overrides = new LinkedHashMap<>();
    ENV_TO_KEY.forEach((name, key) -> {
      if (env.containsKey(name)) {
        overrides.put(key, env.get(name));
      }
    });
    for (String arg : args) {
      if (SWITCHES.contains(arg) || arg.startsWith(AGAINST)) {
        continue;
      }
      int eq = arg.indexOf('=');
      String flag = eq < 0 ? arg : arg.substring(0, eq);
      String key = FLAG_TO_KEY.get(flag);
      if (key == null || eq < 0) {
        throw new ConfigException("unknown or incomplete flag '" + arg + "'; flags are "
            + String.join("=…, ", FLAG_TO_KEY.keySet().stream().sorted().toList()) + "=…, " + AGAINST + "…, "
            + String.join(", ", SWITCHES.stream().sorted().toList()));
      }
      overrides.put(key, arg.substring(eq + 1));
    }
    GatewayConfig config = GatewayConfig.defaults();
    String file = overrides.getOrDefault("config", Files.exists(Path.of("sheaf.yaml")) ? "sheaf.yaml" : null);
    if (file != null) {
      config = applyFile(config, Path.of(file));
    }
    return applyOverrides(config, overrides);
  }

  private GatewayConfig applyFile(GatewayConfig base, Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException(file + ": config file not found; pass an existing file with --config=FILE");
    }
    FileConfig fc = new YamlFiles().read(file, FileConfig.class);
    GatewayConfig c = base;
    if (fc.host() != null) {
      c = c.withHost(fc.host());
    }
    if (fc.port() != null) {
      c = c.withPort(checkPort(fc.port(), file + " (port)"));
    }
    if (fc.deadline() != null) {
      Duration def = fc.deadline().defaultTimeout() == null ? c.defaultDeadline()
          : Durations.parse(fc.deadline().defaultTimeout(), file + " (deadline.default)");
      Duration max = fc.deadline().max() == null ? c.maxDeadline()
          : Durations.parse(fc.deadline().max(), file + " (deadline.max)");
      c = c.withDeadlines(def, max);
    }
    if (fc.bodyLimitBytes() != null) {
      c = c.withBodyLimit(checkPositive(fc.bodyLimitBytes(), file + " (bodyLimitBytes)"));
    }
    if (fc.schemaDir() != null || fc.resolversDir() != null) {
      c = c.withDirs(fc.schemaDir() == null ? c.schemaDir() : Path.of(fc.schemaDir()),
          fc.resolversDir() == null ? c.resolversDir() : Path.of(fc.resolversDir()));
    }
    if (fc.documentCacheSize() != null) {
      c = c.withDocumentCacheSize((int) checkPositive(fc.documentCacheSize(), file + " (documentCacheSize)"));
    }
    if (fc.eventLoops() != null) {
      c = c.withEventLoops(checkEventLoops(fc.eventLoops(), file + " (eventLoops)"));
    }
    if (fc.auth() != null) {
      c = c.withAuth(AuthConfig.from(fc.auth(), file));
    }
    if (fc.limits() != null) {
      QueryLimits was = c.limits();
      LimitsSection l = fc.limits();
      c = c.withLimits(new QueryLimits(
          l.maxDepth() == null ? was.maxDepth() : (int) checkPositive(l.maxDepth(), file + " (limits.maxDepth)"),
          l.maxAliases() == null ? was.maxAliases() : (int) checkPositive(l.maxAliases(), file + " (limits.maxAliases)"),
          l.maxFields() == null ? was.maxFields() : (int) checkPositive(l.maxFields(), file + " (limits.maxFields)")));
    }
    if (fc.shutdownGrace() != null) {
      c = c.withShutdownGrace(Durations.parse(fc.shutdownGrace(), file + " (shutdownGrace)"));
    }
    if (fc.clientTimeouts() != null) {
      ClientTimeoutsSection t = fc.clientTimeouts();
      ClientTimeouts was = c.clientTimeouts();
      c = c.withClientTimeouts(new ClientTimeouts(
          t.idle() == null ? was.idle() : positive(t.idle(), file + " (clientTimeouts.idle)"),
          t.headers() == null ? was.headers() : positive(t.headers(), file + " (clientTimeouts.headers)"),
          t.body() == null ? was.body() : positive(t.body(), file + " (clientTimeouts.body)")));
    }
    if (fc.admin() != null && fc.admin().port() != null) {
      c = c.withAdminPort(checkPort(fc.admin().port(), file + " (admin.port)"));
    }
    if (fc.persistedQueries() != null) {
      PersistedQueriesSection pq = fc.persistedQueries();
      PersistedQueriesConfig was = c.persistedQueries();
      c = c.withPersistedQueries(new PersistedQueriesConfig(
          pq.enabled() == null ? was.enabled() : pq.enabled(),
          pq.maxEntries() == null ? was.maxEntries()
              : (int) checkPositive(pq.maxEntries(), file + " (persistedQueries.maxEntries)")));
    }
    if (fc.cors() != null) {
      CorsSection cors = fc.cors();
      Duration maxAge = cors.maxAge() == null ? CorsConfig.DEFAULT_MAX_AGE
          : Durations.parse(cors.maxAge(), file + " (cors.maxAge)");
      c = c.withCors(CorsConfig.of(cors.allowOrigins(), Boolean.TRUE.equals(cors.allowCredentials()), maxAge,
          file + " (cors.allowOrigins)"));
    }
    return c;
  }

  private GatewayConfig applyOverrides(GatewayConfig base, Map<String, String> o) {
    GatewayConfig c = base;
    if (o.containsKey("host")) {
      c = c.withHost(o.get("host"));
    }
    if (o.containsKey("port")) {
      c = c.withPort(checkPort(parseLong(o.get("port"), "port"), "port"));
    }
    if (o.containsKey("admin.port")) {
      c = c.withAdminPort(checkPort(parseLong(o.get("admin.port"), "admin port"), "admin port (--admin-port / SHEAF_ADMIN_PORT)"));
    }
    if (o.containsKey("deadline.default") || o.containsKey("deadline.max")) {
      Duration def = o.containsKey("deadline.default")
          ? Durations.parse(o.get("deadline.default"), "deadline (--deadline / SHEAF_DEADLINE)") : c.defaultDeadline();
      Duration max = o.containsKey("deadline.max")
          ? Durations.parse(o.get("deadline.max"), "max deadline (--max-deadline / SHEAF_MAX_DEADLINE)") : c.maxDeadline();
      c = c.withDeadlines(def, max);
    }
    if (o.containsKey("bodyLimitBytes")) {
      c = c.withBodyLimit(checkPositive(parseLong(o.get("bodyLimitBytes"), "body limit"), "body limit"));
    }
    if (o.containsKey("schemaDir") || o.containsKey("resolversDir")) {
      c = c.withDirs(Path.of(o.getOrDefault("schemaDir", c.schemaDir().toString())),
          Path.of(o.getOrDefault("resolversDir", c.resolversDir().toString())));
    }
    if (o.containsKey("eventLoops")) {
      c = c.withEventLoops(checkEventLoops(parseLong(o.get("eventLoops"), "event loops"),
          "event loops (--event-loops / SHEAF_EVENT_LOOPS)"));
    }
    if (o.containsKey("shutdownGrace")) {
      c = c.withShutdownGrace(Durations.parse(o.get("shutdownGrace"),
          "shutdown grace (--shutdown-grace / SHEAF_SHUTDOWN_GRACE)"));
    }
    if (o.containsKey("clientTimeouts.idle")) {
      c = c.withClientTimeouts(c.clientTimeouts().withIdle(positive(o.get("clientTimeouts.idle"),
          "client idle timeout (--client-idle-timeout / SHEAF_CLIENT_IDLE_TIMEOUT)")));
    }
    if (o.containsKey("clientTimeouts.headers")) {
      c = c.withClientTimeouts(c.clientTimeouts().withHeaders(positive(o.get("clientTimeouts.headers"),
          "client header timeout (--client-header-timeout / SHEAF_CLIENT_HEADER_TIMEOUT)")));
    }
    if (o.containsKey("clientTimeouts.body")) {
      c = c.withClientTimeouts(c.clientTimeouts().withBody(positive(o.get("clientTimeouts.body"),
          "client body timeout (--client-body-timeout / SHEAF_CLIENT_BODY_TIMEOUT)")));
    }
    if (o.containsKey("persistedQueries.enabled")) {
      c = c.withPersistedQueries(c.persistedQueries().withEnabled(parseBoolean(o.get("persistedQueries.enabled"),
          "persisted queries (--persisted-queries / SHEAF_PERSISTED_QUERIES)")));
    }
    if (o.containsKey("persistedQueries.maxEntries")) {
      String what = "persisted queries' max entries (--persisted-queries-max-entries / SHEAF_PERSISTED_QUERIES_MAX_ENTRIES)";
      c = c.withPersistedQueries(c.persistedQueries().withMaxEntries(
          (int) checkPositive(parseInt(o.get("persistedQueries.maxEntries"), what), what)));
    }
    if (o.containsKey("cors.allowOrigins")) {
      // Replaces the file's origins and keeps its other CORS settings.
      CorsConfig file = c.cors();
      List<String> origins = Arrays.stream(o.get("cors.allowOrigins").split(",")).map(String::trim)
          .filter(origin -> !origin.isEmpty()).toList();
      c = c.withCors(origins.isEmpty() ? null : CorsConfig.of(origins, file != null && file.allowCredentials(),
          file == null ? CorsConfig.DEFAULT_MAX_AGE : file.maxAge(),
          "CORS origins (--cors-origins / SHEAF_CORS_ORIGINS)"));
    }
    return c;
  }

  private static long parseLong(String text, String what) {
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw new ConfigException(what + ": '" + text + "' is not a whole number");
    }
  }

  private static int parseInt(String text, String what) {
    long value = parseLong(text, what);
    if (value > Integer.MAX_VALUE) {
      throw new ConfigException(what + ": " + value + " is too large");
    }
    return (int) value;
  }

  private static boolean parseBoolean(String text, String what) {
    String t = text.trim();
    if (t.equalsIgnoreCase("true") || t.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(t);
    }
    throw new ConfigException(what + ": '" + text + "' is neither true nor false");
  }

  private static int checkPort(long port, String what) {
    if (port < 0 || port > 65535) {
      throw new ConfigException(what + ": " + port + " is not a TCP port; use 0..65535 (0 picks a free port)");
    }
    return (int) port;
  }

  // More servers than event loops would share loops and buy nothing; the cap only catches typos.
  private static int checkEventLoops(long loops, String what) {
    if (loops < 1 || loops > MAX_EVENT_LOOPS) {
      throw new ConfigException(what + ": " + loops + " is not a usable number of event loops; use 1.."
          + MAX_EVENT_LOOPS + " (about one per core)");
    }
    return (int) loops;
  }

  // A zero timeout would close every connection at once rather than mean "no timeout".
  private static Duration positive(String text, String what) {
    Duration d = Durations.parse(text, what);
    if (d.isZero()) {
      throw new ConfigException(what + ": must be longer than zero, got '" + text + "'");
    }
    return d;
  }

  private static long checkPositive(long value, String what) {
    if (value <= 0) {
      throw new ConfigException(what + ": must be greater than zero, got " + value);
    }
    return value;
  }
}

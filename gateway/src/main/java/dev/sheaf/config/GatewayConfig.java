package dev.sheaf.config;

import dev.sheaf.auth.AuthConfig;
import dev.sheaf.graphql.QueryLimits;
import dev.sheaf.tls.BackendTlsDefaults;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The gateway's own settings. Defaults live in {@link #defaults()}; a config file, environment
 * variables and command-line flags override them, in that order (see {@link GatewayConfigLoader}).
 *
 * @param vars values for {@code ${NAME}} placeholders in binding files, consulted before the
 *             process environment (lets one process host several gateways, as the tests do)
 * @param eventLoops how many event loops serve requests, one HTTP server on each sharing the port;
 *                   defaults to the number of cores the process may use
 * @param auth JWT validation settings, or null when the gateway does not check tokens
 * @param cors the browser origins that may call the gateway, or null when no cross-origin page may
 * @param shutdownGrace how long a stopping gateway lets the requests in flight finish
 * @param limits how big a client's GraphQL document may be
 * @param clientTimeouts how long a slow or idle client may hold a connection
 * @param adminPort the port of the operational routes (reload, configuration status), never the
 *                  client port; 0 picks a free one
 * @param persistedQueries whether and how many automatic persisted queries the gateway keeps
 * @param trustedDocuments what happens to an operation that is in no trusted-documents manifest
 * @param introspection whether clients may ask {@code __schema} and {@code __type}
 * @param backendTls TLS settings every backend starts from, and when to warn about expiring certificates
 * @param observability traces (off until an endpoint is set) and the log's format and levels
 * @param insight the access log, who may see a request's plan, the recent requests kept, metric labels
 * @param shedding when new client requests are refused at once (503) instead of queued
 * @param policies cost limits, rate limits and CSRF prevention for client requests, and the shared Redis
 * @param cache the answer cache: on or off for every backend, and how many bytes it may hold
 * @param graphiql whether browsers get the GraphiQL page at {@code /graphql}
 * @param warmup whether and how long a start rehearses its operations before it says it is ready
 */
public record GatewayConfig(
    String host,
    int port,
    Duration defaultDeadline,
    Duration maxDeadline,
    long bodyLimitBytes,
    Path schemaDir,
    Path resolversDir,
    int documentCacheSize,
    int eventLoops,
    Map<String, String> vars,
    AuthConfig auth,
    CorsConfig cors,
    Duration shutdownGrace,
    QueryLimits limits,
    ClientTimeouts clientTimeouts,
    int adminPort,
    PersistedQueriesConfig persistedQueries,
    TrustedDocumentsMode trustedDocuments,
    boolean introspection,
    BackendTlsDefaults backendTls,
    ObservabilityConfig observability,
    InsightConfig insight,
    SheddingConfig shedding,
    ClientPolicies policies,
    CacheConfig cache,
    GraphiQLConfig graphiql,
    WarmupConfig warmup) {

  public static final int DEFAULT_PORT = 4000;
  public static final int DEFAULT_ADMIN_PORT = 9090;

  public GatewayConfig {
    vars = Map.copyOf(vars);
    if (defaultDeadline.compareTo(maxDeadline) > 0) {
      throw new ConfigException("deadline.default (" + Durations.format(defaultDeadline)
          + ") is longer than deadline.max (" + Durations.format(maxDeadline) + "); lower the default or raise the cap");
    }
  }

  public static GatewayConfig defaults() {
    return new GatewayConfig("0.0.0.0", DEFAULT_PORT, Duration.ofSeconds(5), Duration.ofSeconds(30),
        1024 * 1024, Path.of("schema"), Path.of("resolvers"), 1000, Runtime.getRuntime().availableProcessors(),
        Map.of(), null, null, Duration.ofSeconds(10), QueryLimits.defaults(),
        ClientTimeouts.defaults(), DEFAULT_ADMIN_PORT, PersistedQueriesConfig.defaults(),
        TrustedDocumentsMode.OFF, true, BackendTlsDefaults.defaults(),
        ObservabilityConfig.defaults(), InsightConfig.defaults(), SheddingConfig.defaults(), ClientPolicies.defaults(),
        CacheConfig.defaults(), GraphiQLConfig.defaults(), WarmupConfig.defaults());
  }

  public GatewayConfig withPort(int newPort) {
    return copy(c -> c.port = newPort);
  }

  public GatewayConfig withAdminPort(int newPort) {
    return copy(c -> c.adminPort = newPort);
  }

  public GatewayConfig withHost(String newHost) {
    return copy(c -> c.host = newHost);
  }

  public GatewayConfig withDeadlines(Duration newDefault, Duration newMax) {
    return copy(c -> {
      c.defaultDeadline = newDefault;
      c.maxDeadline = newMax;
    });
  }

  public GatewayConfig withBodyLimit(long bytes) {
    return copy(c -> c.bodyLimitBytes = bytes);
  }

  public GatewayConfig withDirs(Path newSchemaDir, Path newResolversDir) {
    return copy(c -> {
      c.schemaDir = newSchemaDir;
      c.resolversDir = newResolversDir;
    });
  }

  public GatewayConfig withAuth(AuthConfig newAuth) {
    return copy(c -> c.auth = newAuth);
  }

  public GatewayConfig withCors(CorsConfig newCors) {
    return copy(c -> c.cors = newCors);
  }

  public GatewayConfig withShutdownGrace(Duration grace) {
    return copy(c -> c.shutdownGrace = grace);
  }

  public GatewayConfig withLimits(QueryLimits newLimits) {
    return copy(c -> c.limits = newLimits);
  }

  public GatewayConfig withClientTimeouts(ClientTimeouts timeouts) {
    return copy(c -> c.clientTimeouts = timeouts);
  }

  public GatewayConfig withVars(Map<String, String> newVars) {
    return copy(c -> c.vars = newVars);
  }

  public GatewayConfig withDocumentCacheSize(int entries) {
    return copy(c -> c.documentCacheSize = entries);
  }

  public GatewayConfig withEventLoops(int loops) {
    return copy(c -> c.eventLoops = loops);
  }

  public GatewayConfig withPersistedQueries(PersistedQueriesConfig newPersistedQueries) {
    return copy(c -> c.persistedQueries = newPersistedQueries);
  }

  public GatewayConfig withTrustedDocuments(TrustedDocumentsMode mode) {
    return copy(c -> c.trustedDocuments = mode);
  }

  public GatewayConfig withIntrospection(boolean allowed) {
    return copy(c -> c.introspection = allowed);
  }

  public GatewayConfig withBackendTls(BackendTlsDefaults defaults) {
    return copy(c -> c.backendTls = defaults);
  }

  public GatewayConfig withObservability(ObservabilityConfig newObservability) {
    return copy(c -> c.observability = newObservability);
  }

  public GatewayConfig withInsight(InsightConfig newInsight) {
    return copy(c -> c.insight = newInsight);
  }

  public GatewayConfig withShedding(SheddingConfig newShedding) {
    return copy(c -> c.shedding = newShedding);
  }

  public GatewayConfig withPolicies(ClientPolicies newPolicies) {
    return copy(c -> c.policies = newPolicies);
  }

  public GatewayConfig withCache(CacheConfig newCache) {
    return copy(c -> c.cache = newCache);
  }

  public GatewayConfig withGraphiQL(GraphiQLConfig newGraphiQL) {
    return copy(c -> c.graphiql = newGraphiQL);
  }

  public GatewayConfig withWarmup(WarmupConfig newWarmup) {
    return copy(c -> c.warmup = newWarmup);
  }

  /** This config with some settings changed; the copy is validated like any other. */
  private GatewayConfig copy(Consumer<Copy> change) {
    Copy c = new Copy(this);
    change.accept(c);
    return new GatewayConfig(c.host, c.port, c.defaultDeadline, c.maxDeadline, c.bodyLimitBytes, c.schemaDir,
        c.resolversDir, c.documentCacheSize, c.eventLoops, c.vars, c.auth, c.cors, c.shutdownGrace, c.limits,
        c.clientTimeouts, c.adminPort, c.persistedQueries, c.trustedDocuments, c.introspection,
        c.backendTls, c.observability, c.insight, c.shedding, c.policies, c.cache, c.graphiql,
        c.warmup);
  }

  /** The settings while a wither changes some of them: adding a setting means a field here, not an edit per wither. */
  private static final class Copy {
    String host;
    int port;
    Duration defaultDeadline;
    Duration maxDeadline;
    long bodyLimitBytes;
    Path schemaDir;
    Path resolversDir;
    int documentCacheSize;
    int eventLoops;
    Map<String, String> vars;
    AuthConfig auth;
    CorsConfig cors;
    Duration shutdownGrace;
    QueryLimits limits;
    ClientTimeouts clientTimeouts;
    int adminPort;
    PersistedQueriesConfig persistedQueries;
    TrustedDocumentsMode trustedDocuments;
    boolean introspection;
    BackendTlsDefaults backendTls;
    ObservabilityConfig observability;
    InsightConfig insight;
    SheddingConfig shedding;
    ClientPolicies policies;
    CacheConfig cache;
    GraphiQLConfig graphiql;
    WarmupConfig warmup;

    Copy(GatewayConfig from) {
      host = from.host;
      port = from.port;
      defaultDeadline = from.defaultDeadline;
      maxDeadline = from.maxDeadline;
      bodyLimitBytes = from.bodyLimitBytes;
      schemaDir = from.schemaDir;
      resolversDir = from.resolversDir;
      documentCacheSize = from.documentCacheSize;
      eventLoops = from.eventLoops;
      vars = from.vars;
      auth = from.auth;
      cors = from.cors;
      shutdownGrace = from.shutdownGrace;
      limits = from.limits;
      clientTimeouts = from.clientTimeouts;
      adminPort = from.adminPort;
      persistedQueries = from.persistedQueries;
      trustedDocuments = from.trustedDocuments;
      introspection = from.introspection;
      backendTls = from.backendTls;
      observability = from.observability;
      insight = from.insight;
      shedding = from.shedding;
      policies = from.policies;
      cache = from.cache;
      graphiql = from.graphiql;
      warmup = from.warmup;
    }
  }
}

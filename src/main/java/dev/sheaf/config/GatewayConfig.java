package dev.sheaf.config;

import dev.sheaf.auth.AuthConfig;
import dev.sheaf.graphql.QueryLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

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
    QueryLimits limits) {

  public static final int DEFAULT_PORT = 4000;

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
        Map.of(), null, null, Duration.ofSeconds(10), QueryLimits.defaults());
  }

  public GatewayConfig withPort(int newPort) {
    return new GatewayConfig(host, newPort, defaultDeadline, maxDeadline, bodyLimitBytes, schemaDir,
        resolversDir, documentCacheSize, eventLoops, vars, auth, cors, shutdownGrace, limits);
  }

  public GatewayConfig withHost(String newHost) {
    return new GatewayConfig(newHost, port, defaultDeadline, maxDeadline, bodyLimitBytes, schemaDir,
        resolversDir, documentCacheSize, eventLoops, vars, auth, cors, shutdownGrace, limits);
  }

  public GatewayConfig withDeadlines(Duration newDefault, Duration newMax) {
    return new GatewayConfig(host, port, newDefault, newMax, bodyLimitBytes, schemaDir, resolversDir,
        documentCacheSize, eventLoops, vars, auth, cors, shutdownGrace, limits);
  }

  public GatewayConfig withBodyLimit(long bytes) {
    return new GatewayConfig(host, port, defaultDeadline, maxDeadline, bytes, schemaDir, resolversDir,
        documentCacheSize, eventLoops, vars, auth, cors, shutdownGrace, limits);
  }

  public GatewayConfig withDirs(Path newSchemaDir, Path newResolversDir) {
    return new GatewayConfig(host, port, defaultDeadline, maxDeadline, bodyLimitBytes, newSchemaDir,
        newResolversDir, documentCacheSize, eventLoops, vars, auth, cors, shutdownGrace, limits);
  }

  public GatewayConfig withAuth(AuthConfig newAuth) {
    return new GatewayConfig(host, port, defaultDeadline, maxDeadline, bodyLimitBytes, schemaDir, resolversDir,
        documentCacheSize, eventLoops, vars, newAuth, cors, shutdownGrace, limits);
  }

  public GatewayConfig withCors(CorsConfig newCors) {
    return new GatewayConfig(host, port, defaultDeadline, maxDeadline, bodyLimitBytes, schemaDir, resolversDir,
        documentCacheSize, eventLoops, vars, auth, newCors, shutdownGrace, limits);
  }

  public GatewayConfig withShutdownGrace(Duration grace) {
    return new GatewayConfig(host, port, defaultDeadline, maxDeadline, bodyLimitBytes, schemaDir, resolversDir,
        documentCacheSize, eventLoops, vars, auth, cors, grace, limits);
  }

  public GatewayConfig withLimits(QueryLimits newLimits) {
    return new GatewayConfig(host, port, defaultDeadline, maxDeadline, bodyLimitBytes, schemaDir, resolversDir,
        documentCacheSize, eventLoops, vars, auth, cors, shutdownGrace, newLimits);
  }

  public GatewayConfig withVars(Map<String, String> newVars) {
    return new GatewayConfig(host, port, defaultDeadline, maxDeadline, bodyLimitBytes, schemaDir,
        resolversDir, documentCacheSize, eventLoops, newVars, auth, cors, shutdownGrace, limits);
  }

  public GatewayConfig withDocumentCacheSize(int entries) {
    return new GatewayConfig(host, port, defaultDeadline, maxDeadline, bodyLimitBytes, schemaDir, resolversDir,
        entries, eventLoops, vars, auth, cors, shutdownGrace, limits);
  }

  public GatewayConfig withEventLoops(int loops) {
    return new GatewayConfig(host, port, defaultDeadline, maxDeadline, bodyLimitBytes, schemaDir, resolversDir,
        documentCacheSize, loops, vars, auth, cors, shutdownGrace, limits);
  }
}

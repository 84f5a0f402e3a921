package dev.sheaf.reload;

import dev.sheaf.config.GatewayConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The settings a running gateway cannot change: its sockets, its event loops, its token checks, how
 * its servers treat connections, the size of its store of persisted queries, the Redis it shares and its
 * answer cache. A reload reports them as needing a restart and keeps them; everything else (schema, bindings, endpoints, plugins,
 * deadlines, limits, CORS, whether persisted queries are on) changes live.
 */
public final class RestartOnlySettings {

  private RestartOnlySettings() {
  }

  private record Setting(String key, Function<GatewayConfig, Object> value) {
  }

  private static final List<Setting> SETTINGS = List.of(
      new Setting("host", GatewayConfig::host),
      new Setting("port", GatewayConfig::port),
      new Setting("admin.port", GatewayConfig::adminPort),
      new Setting("eventLoops", GatewayConfig::eventLoops),
      new Setting("auth", GatewayConfig::auth),
      new Setting("clientTimeouts", GatewayConfig::clientTimeouts),
      new Setting("shutdownGrace", GatewayConfig::shutdownGrace),
      // The exporter and the log's appender are made once, at the start.
      new Setting("tracing", c -> c.observability().tracing()),
      new Setting("logs", c -> c.observability().logs()),
      // The store of persisted queries outlives reloads, so the queries it holds survive them.
      new Setting("persistedQueries.maxEntries", c -> c.persistedQueries().maxEntries()),
      // The list of recent requests outlives reloads too, so it shows the requests before one.
      new Setting("debug.recentRequests", c -> c.insight().recentRequests()),
      // The metrics' labels are the gateway's for its life: series go on across reloads.
      new Setting("metrics.maxOperationNames", c -> c.insight().maxOperationNames()),
      // A backend's pipeline is kept across reloads with its metrics layer, or without it.
      new Setting("metrics.enabled", c -> c.insight().metrics()),
      // One Redis client per gateway, made at start, shared by the stores that outlive reloads.
      new Setting("redis", c -> c.policies().redis()),
      // The answer cache outlives reloads too, so the answers it holds survive them.
      new Setting("cache", GatewayConfig::cache),
      // A start warms up before it is ready; a reload keeps serving while it builds, so it has nothing to warm.
      new Setting("warmup", GatewayConfig::warmup));

  /** The restart-only settings whose value differs in {@code next}. */
  public static List<String> changed(GatewayConfig running, GatewayConfig next) {
    List<String> changed = new ArrayList<>();
    for (Setting setting : SETTINGS) {
      if (!Objects.equals(setting.value().apply(running), setting.value().apply(next))) {
        changed.add(setting.key());
      }
    }
    return changed;
  }

  /** {@code next} with the running values of the restart-only settings. */
  public static GatewayConfig keep(GatewayConfig running, GatewayConfig next) {
    return next.withHost(running.host()).withPort(running.port()).withAdminPort(running.adminPort())
        .withEventLoops(running.eventLoops()).withAuth(running.auth()).withClientTimeouts(running.clientTimeouts())
        .withShutdownGrace(running.shutdownGrace()).withObservability(running.observability())
        .withCache(running.cache()).withWarmup(running.warmup())
        .withPersistedQueries(next.persistedQueries().withMaxEntries(running.persistedQueries().maxEntries()))
        .withInsight(next.insight().withRecentRequests(running.insight().recentRequests())
            .withMaxOperationNames(running.insight().maxOperationNames()).withMetrics(running.insight().metrics()))
        .withPolicies(next.policies().withRedis(running.policies().redis()));
  }
}

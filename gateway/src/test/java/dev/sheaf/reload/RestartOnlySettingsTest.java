package dev.sheaf.reload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.config.CacheConfig;
import dev.sheaf.config.GatewayConfig;
import dev.sheaf.config.PersistedQueriesConfig;
import dev.sheaf.config.RedisConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RestartOnlySettingsTest {

  @Test
  void portsAndLoopsNeedARestartAndKeepTheirRunningValuesWhileDeadlinesChangeLive() {
    GatewayConfig running = GatewayConfig.defaults();
    GatewayConfig next = running.withPort(5000).withEventLoops(running.eventLoops() + 1)
        .withDeadlines(Duration.ofSeconds(2), Duration.ofSeconds(30));

    assertThat(RestartOnlySettings.changed(running, next)).containsExactly("port", "eventLoops");
    GatewayConfig kept = RestartOnlySettings.keep(running, next);
    assertThat(kept.port()).isEqualTo(running.port());
    assertThat(kept.eventLoops()).isEqualTo(running.eventLoops());
    assertThat(kept.defaultDeadline()).isEqualTo(Duration.ofSeconds(2));
    assertThat(RestartOnlySettings.changed(running, kept)).isEmpty();
  }

  @Test
  void theStoreOfPersistedQueriesKeepsItsSizeWhileTheSwitchChangesLive() {
    GatewayConfig running = GatewayConfig.defaults();
    GatewayConfig next = running.withPersistedQueries(new PersistedQueriesConfig(false, 5));

    assertThat(RestartOnlySettings.changed(running, next)).containsExactly("persistedQueries.maxEntries");
    GatewayConfig kept = RestartOnlySettings.keep(running, next);
    assertThat(kept.persistedQueries())
        .isEqualTo(new PersistedQueriesConfig(false, running.persistedQueries().maxEntries()));
  }

  @Test
  void answersInRedisAndTheRedisItselfNeedARestartEitherWay() {
    GatewayConfig memory = GatewayConfig.defaults();
    GatewayConfig shared = memory
        .withPolicies(memory.policies().withRedis(new RedisConfig("redis://cache:6379", RedisConfig.DEFAULT_TIMEOUT)))
        .withCache(CacheConfig.defaults().withStore(CacheConfig.Store.REDIS));

    assertThat(RestartOnlySettings.changed(shared, memory)).containsExactly("redis", "cache");
    assertThat(RestartOnlySettings.keep(shared, memory).cache().store()).isEqualTo(CacheConfig.Store.REDIS);
    assertThat(RestartOnlySettings.keep(memory, shared).cache().store()).isEqualTo(CacheConfig.Store.MEMORY);
    assertThat(RestartOnlySettings.changed(memory, RestartOnlySettings.keep(memory, shared))).isEmpty();
  }
}

package dev.sheaf.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SheddingConfigTest {

  private static final long MIB = 1024 * 1024;

  @Test
  void theDefaultLimitFollowsTheHeapAndIsCappedPerCore() {
    assertThat(SheddingConfig.defaultMaxInFlight(256 * MIB, 1)).isEqualTo(512);
    assertThat(SheddingConfig.defaultMaxInFlight(4096 * MIB, 8)).isEqualTo(8192);
    assertThat(SheddingConfig.defaultMaxInFlight(64 * 1024 * MIB, 2)).isEqualTo(2048);
    assertThat(SheddingConfig.defaultMaxInFlight(16 * MIB, 4)).isEqualTo(64);
  }

  @Test
  void retryAfterIsWholeSecondsRoundedUp() {
    assertThat(new SheddingConfig(1, Duration.ZERO, Duration.ofMillis(1)).retryAfterSeconds()).isEqualTo(1);
    assertThat(new SheddingConfig(1, Duration.ZERO, Duration.ofMillis(2001)).retryAfterSeconds()).isEqualTo(3);
  }

  @Test
  void flagsSetTheShedding() {
    GatewayConfig config = new GatewayConfigLoader().load(new String[] {"--max-in-flight=100",
        "--max-event-loop-delay=200ms", "--shed-retry-after=5s"}, java.util.Map.of());
    assertThat(config.shedding()).isEqualTo(new SheddingConfig(100, Duration.ofMillis(200), Duration.ofSeconds(5)));
  }
}

package dev.sheaf.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.binding.BackendConfig.HedgeDelay;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HedgeDelaysTest {

  private static final long MS = 1_000_000L;

  @Test
  void aFixedDelayIsThatDelay() {
    assertThat(HedgeDelays.of(HedgeDelay.fixed(Duration.ofMillis(40))).millis()).isEqualTo(40);
  }

  @Test
  void noHedgeUntilEnoughAnswersWereSeenThenTheirPercentile() {
    AtomicLong now = new AtomicLong(5_000 * MS);
    HedgeDelays.Recent p95 = new HedgeDelays.Recent(95, now::get);
    for (int i = 1; i < HedgeDelays.Recent.MIN_SAMPLES; i++) {
      p95.record(i * MS);
    }
    assertThat(p95.millis()).as("19 answers say too little").isEqualTo(-1);

    for (int i = HedgeDelays.Recent.MIN_SAMPLES; i <= 100; i++) {
      p95.record(i * MS);
    }
    assertThat(p95.millis()).isEqualTo(95);
  }

  @Test
  void followsTheBackendButReadsItAtMostOnceASecond() {
    AtomicLong now = new AtomicLong(0);
    HedgeDelays.Recent p90 = new HedgeDelays.Recent(90, now::get);
    for (int i = 0; i < HedgeDelays.Recent.SIZE; i++) {
      p90.record(10 * MS);
    }
    assertThat(p90.millis()).isEqualTo(10);

    for (int i = 0; i < HedgeDelays.Recent.SIZE; i++) { // the backend slows down: only the newest 256 count
      p90.record(200 * MS);
    }
    assertThat(p90.millis()).as("within the second: the figure read before").isEqualTo(10);
    now.addAndGet(1_000 * MS);
    assertThat(p90.millis()).isEqualTo(200);
  }
}

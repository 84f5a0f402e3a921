package dev.sheaf.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The adaptive limit's rule, probe by probe: cut while the loops run late, grow while it turns requests away. */
class AdaptiveLimitTest {

  private static final long TARGET = 5_000_000;
  private static final long LATE = 20_000_000;
  private static final long ON_TIME = 1_000_000;

  @Test
  void oneLateProbeIsAPauseNotAQueueTwoInARowCutToThreeQuartersOfWhatIsInFlight() {
    AdaptiveLimit limit = new AdaptiveLimit(4, 1000);
    limit.adjust(LATE, TARGET, 200, 1000);
    assertThat(limit.limit()).isEqualTo(1000);
    limit.adjust(LATE, TARGET, 200, 1000);
    assertThat(limit.limit()).isEqualTo(150);
    limit.adjust(LATE, TARGET, 150, 1000);
    assertThat(limit.limit()).isEqualTo(112);
  }

  @Test
  void onTimeItGrowsOnlyWhenItTurnedRequestsAwayAndNeverPastTheCeiling() {
    AdaptiveLimit limit = new AdaptiveLimit(4, 100);
    int[][] probes = {{0, 50, 1000, 100}, {1, 100, 1000, 126}, {1, 126, 130, 130}}; // refused?, in flight, ceiling, limit after
    for (int[] probe : probes) {
      if (probe[0] == 1) {
        limit.refused();
      }
      limit.adjust(ON_TIME, TARGET, probe[1], probe[2]);
      assertThat(limit.limit()).isEqualTo(probe[3]);
    }
  }

  @Test
  void aLateProbeBetweenOnTimeOnesCutsNothingAndTheFloorHolds() {
    AdaptiveLimit limit = new AdaptiveLimit(4, 100);
    limit.adjust(LATE, TARGET, 100, 1000);
    limit.adjust(ON_TIME, TARGET, 100, 1000);
    limit.adjust(LATE, TARGET, 100, 1000);
    assertThat(limit.limit()).isEqualTo(100);
    limit.adjust(LATE, TARGET, 2, 1000);
    assertThat(limit.limit()).isEqualTo(4);
  }
}

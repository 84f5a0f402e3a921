package dev.sheaf.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The adaptive limit's rule, probe by probe: cut while the CPU runs over its target, grow while it turns requests away. */
class AdaptiveLimitTest {

  private static final boolean BUSY = true;
  private static final boolean UNDER = false;

  @Test
  void oneBusyProbeIsAPauseNotAQueueTwoInARowCutToThreeQuartersOfWhatIsInFlight() {
    AdaptiveLimit limit = new AdaptiveLimit(4, 1000);
    limit.adjust(BUSY, 200, 1000);
    assertThat(limit.limit()).isEqualTo(1000);
    limit.adjust(BUSY, 200, 1000);
    assertThat(limit.limit()).isEqualTo(150);
    limit.adjust(BUSY, 150, 1000);
    assertThat(limit.limit()).isEqualTo(112);
  }

  @Test
  void underTheTargetItGrowsOnlyWhenItTurnedRequestsAwayAndNeverPastTheCeiling() {
    AdaptiveLimit limit = new AdaptiveLimit(4, 100);
    int[][] probes = {{0, 50, 1000, 100}, {1, 100, 1000, 126}, {1, 126, 130, 130}}; // refused?, in flight, ceiling, limit after
    for (int[] probe : probes) {
      if (probe[0] == 1) {
        limit.refused();
      }
      limit.adjust(UNDER, probe[1], probe[2]);
      assertThat(limit.limit()).isEqualTo(probe[3]);
    }
  }

  @Test
  void aBusyProbeBetweenQuietOnesCutsNothingAndTheFloorHolds() {
    AdaptiveLimit limit = new AdaptiveLimit(4, 100);
    limit.adjust(BUSY, 100, 1000);
    limit.adjust(UNDER, 100, 1000);
    limit.adjust(BUSY, 100, 1000);
    assertThat(limit.limit()).isEqualTo(100);
    limit.adjust(BUSY, 2, 1000);
    assertThat(limit.limit()).isEqualTo(4);
  }
}

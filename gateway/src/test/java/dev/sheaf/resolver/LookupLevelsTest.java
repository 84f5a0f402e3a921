package dev.sheaf.resolver;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LookupLevelsTest {

  private final LookupLevels levels = new LookupLevels();

  @Test
  void withNothingInFlightEveryLevelIsComplete() {
    assertThat(levels.completeUpTo()).isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void aCallHoldsBackTheLookupsOfDeeperLevelsOnly() {
    levels.started(1, false);
    levels.started(1, false);
    levels.started(2, false);
    assertThat(levels.completeUpTo()).isEqualTo(1);

    levels.ended(1, false);
    assertThat(levels.completeUpTo()).as("one root call still in flight").isEqualTo(1);
    levels.ended(1, false);
    assertThat(levels.completeUpTo()).isEqualTo(2);
    levels.ended(2, false);
    assertThat(levels.completeUpTo()).isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void aCallThatAddsLookupsOfItsOwnLevelHoldsThatLevelBackToo() {
    levels.started(2, true);
    assertThat(levels.completeUpTo()).isEqualTo(1);

    levels.ended(2, true);
    assertThat(levels.completeUpTo()).isEqualTo(Integer.MAX_VALUE);
  }
}

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

  @Test
  void levelsDeeperThanTheFirstFewCountToo() {
    levels.started(3, false);
    levels.started(20, true);
    assertThat(levels.completeUpTo()).isEqualTo(3);

    levels.ended(3, false);
    assertThat(levels.completeUpTo()).as("the level-20 call may add lookups of its own level").isEqualTo(19);
    levels.ended(20, true);
    assertThat(levels.completeUpTo()).isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void aLevelBelowOneCountsAsTheRequestItself() {
    levels.started(-5, false);
    assertThat(levels.completeUpTo()).isZero();

    levels.ended(-5, false);
    assertThat(levels.completeUpTo()).isEqualTo(Integer.MAX_VALUE);
  }
}

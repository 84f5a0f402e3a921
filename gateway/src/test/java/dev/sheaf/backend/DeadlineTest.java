package dev.sheaf.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeadlineTest {

  @Test
  void aCallGetsTheSmallerOfItsTimeoutAndTheTimeLeft() {
    Deadline deadline = Deadline.after(Duration.ofSeconds(10));

    assertThat(deadline.callTimeoutMillis(Duration.ofMillis(300))).isEqualTo(300);
    assertThat(deadline.callTimeoutMillis(Duration.ofSeconds(60))).isBetween(1L, 10_000L);
  }

  @Test
  void cancellingAbandonsTheCallsInFlightOnceAndLeavesNoTimeForNewOnes() {
    Deadline deadline = Deadline.after(Duration.ofSeconds(10));
    List<String> abandoned = new ArrayList<>();
    Runnable finished = () -> abandoned.add("finished");
    deadline.onCancel(() -> abandoned.add("orders"));
    deadline.onCancel(finished);
    deadline.onCancel(() -> abandoned.add("users"));
    deadline.forget(finished);

    deadline.cancel();
    deadline.cancel();

    assertThat(abandoned).containsExactly("orders", "users");
    assertThat(deadline.cancelled()).isTrue();
    assertThat(deadline.callTimeoutMillis(Duration.ofSeconds(1))).isZero();
    deadline.onCancel(() -> abandoned.add("late"));
    assertThat(abandoned).as("a call registered after the cancel is abandoned at once").endsWith("late");
  }
}

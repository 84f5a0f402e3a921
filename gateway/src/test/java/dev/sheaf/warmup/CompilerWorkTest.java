package dev.sheaf.warmup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;

/** The JIT compiler's work as this JVM's compiler threads' CPU time. */
class CompilerWorkTest {

  @Test
  void growsWhileTheCompilerCompilesAndNeverShrinks() {
    assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "needs Linux /proc");
    CompilerWork work = new CompilerWork();
    assertThat(work.available()).isTrue();
    long before = work.workedNanos();
    assertThat(before).as("this JVM compiled while starting").isPositive();

    // Fresh code run hot makes the compiler work; read until it shows (bounded: a few seconds at most).
    long last = before;
    long sum = 0;
    for (int round = 0; round < 400 && last == before; round++) {
      LongUnaryOperator fresh = round % 2 == 0 ? x -> x * 31 + 7 : x -> (x ^ 0x5DEECE66DL) + 11;
      for (int i = 0; i < 200_000; i++) {
        sum += fresh.applyAsLong(i + round);
      }
      long now = work.workedNanos();
      assertThat(now).as("never shrinks").isGreaterThanOrEqualTo(last);
      last = now;
    }
    assertThat(sum).isNotZero();
    assertThat(last).as("the compiler's CPU time grew").isGreaterThan(before);
  }
}

package dev.sheaf.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The CPU share between reads, against every CPU the process may use. */
class CpuShareTest {

  @Test
  void theShareIsCpuTimeLessCompilingOverWallTimeTimesTheCpus() {
    AtomicLong cpu = new AtomicLong(5_000);
    AtomicLong compile = new AtomicLong(7_000);
    AtomicLong wall = new AtomicLong(1_000_000);
    CpuShare share = new CpuShare(cpu::get, compile::get, wall::get, 2);

    cpu.addAndGet(150_000_000);
    wall.addAndGet(100_000_000);
    assertThat(share.sinceLastRead()).isCloseTo(0.75, within(1e-9));

    cpu.addAndGet(150_000_000);
    compile.addAndGet(100_000_000);
    wall.addAndGet(100_000_000);
    assertThat(share.sinceLastRead()).as("the compiler's time left out").isCloseTo(0.25, within(1e-9));

    wall.addAndGet(100_000_000);
    assertThat(share.sinceLastRead()).as("nothing ran since the last read").isZero();
    assertThat(share.sinceLastRead()).as("no time passed").isZero();
  }

  @Test
  void thisProcessUsesSomeCpuWhileItWorks() {
    CpuShare share = CpuShare.ofThisProcess();
    // While the JIT compiles this very loop its time is left out, and can cover a whole short read: so
    // read after each slice of work until one shows the work (the compiler is done within a few).
    double seen = 0;
    long sum = 0;
    for (int slice = 0; slice < 200 && seen == 0; slice++) {
      for (int i = 0; i < 2_000_000; i++) {
        sum += Long.numberOfTrailingZeros(i * 31L + sum);
      }
      seen = share.sinceLastRead();
    }
    assertThat(sum).isNotZero();
    assertThat(seen).isPositive();
  }
}

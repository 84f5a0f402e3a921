package dev.sheaf.perf.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders {@code perf/observability-cost.sh --toggle-access-log}'s run: one gateway's CPU per home-screen
 * request, window by window as its access log was switched off and on, then the medians of each side and
 * the difference. Windows next to each other differ in the switch alone; the medians keep one disturbed
 * window (a neighbour's build, a GC) from deciding.
 *
 * <p>Usage: {@code AccessLogToggle RUN_DIR OUT.md HEADER_LINE...}; reads {@code toggle-W-(off|on).json}.
 */
public final class AccessLogToggle {

  private AccessLogToggle() {
  }

  record Window(int number, boolean logged, Phase phase) {
  }

  public static void main(String[] args) throws IOException {
    Path run = Path.of(args[0]);
    List<Window> windows = new ArrayList<>();
    for (int w = 1; ; w++) {
      Path off = run.resolve("toggle-" + w + "-off.json");
      Path on = run.resolve("toggle-" + w + "-on.json");
      Path result = Files.exists(off) ? off : on;
      if (!Files.exists(result)) {
        break;
      }
      windows.add(new Window(w, result == on, ObservabilityCost.phase("window-" + w, result)));
    }
    StringBuilder md = ObservabilityCost.heading("What the access log costs, switched inside one gateway", args);
    md.append("\n| window | access log | req/s | p50 ms | p99 ms | errors | gateway CPU µs/request | of which JIT | without JIT |\n")
        .append("|---|---|---|---|---|---|---|---|---|\n");
    for (Window w : windows) {
      Phase p = w.phase();
      md.append(String.format(Locale.ROOT, "| %d | %s | %.0f | %.2f | %.2f | %d of %d | %.0f | %.0f | %.0f |%n", w.number(),
          w.logged() ? "info" : "off", p.throughput(), p.latency("p50"), p.latency("p99"), p.errors(), p.requests(),
          p.gatewayCpuPerRequestMicros(), p.gatewayCpuPerRequestMicros() - p.gatewayCpuPerRequestWithoutJitMicros(),
          p.gatewayCpuPerRequestWithoutJitMicros()));
    }
    double workOff = median(windows, false, false);
    double workOn = median(windows, true, false);
    double cpuOff = median(windows, false, true);
    double cpuOn = median(windows, true, true);
    long left = windows.stream().filter(w -> !clean(w)).count();
    if (left > 0) {
      md.append(String.format(Locale.ROOT, "%n%d window(s) with more than 1 %% errors left out of the medians: their "
          + "requests failed, cheaply, instead of being served (a neighbour starving the mocks opens the circuits).%n", left));
    }
    md.append(String.format(Locale.ROOT, "%nMedians: CPU per request without JIT %.0f µs off, %.0f µs with the access log: "
        + "**%+.1f %%**; with JIT %.0f µs off, %.0f µs on: %+.1f %%.%n", workOff, workOn, (workOn / workOff - 1) * 100,
        cpuOff, cpuOn, (cpuOn / cpuOff - 1) * 100));
    Files.writeString(Path.of(args[1]), md.toString());
    System.out.print(md);
  }

  /** A window with more than 1 % errors measured something else: a starved mock, open circuits, cheap failures. */
  private static boolean clean(Window w) {
    return w.phase().errors() * 100L <= w.phase().requests();
  }

  private static double median(List<Window> windows, boolean logged, boolean withJit) {
    return ObservabilityCost.median(windows.stream().filter(w -> w.logged() == logged && clean(w))
        .mapToDouble(w -> withJit ? w.phase().gatewayCpuPerRequestMicros() : w.phase().gatewayCpuPerRequestWithoutJitMicros())
        .toArray());
  }
}

package dev.sheaf.perf.report;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders {@code perf/observability-cost.sh}'s run: the home screen's gateway CPU per request and heap
 * after a full GC with observability off (no metrics, no access log) and on (metrics and the access log
 * written), phase by phase as they alternated, then the medians of each side and the difference.
 *
 * <p>Usage: {@code ObservabilityCost RUN_DIR OUT.md HEADER_LINE...}
 */
public final class ObservabilityCost {

  private static final Pattern USED_KB = Pattern.compile("used (\\d+)K");

  private ObservabilityCost() {
  }

  record Side(String mode, int round, Phase phase, double heapMiB) {

    double cpu() {
      return phase.gatewayCpuPerRequestMicros();
    }

    double cpuWithoutJit() {
      return phase.gatewayCpuPerRequestWithoutJitMicros();
    }
  }

  public static void main(String[] args) throws IOException {
    Path run = Path.of(args[0]);
    List<Side> sides = new ArrayList<>();
    for (int round = 1; Files.exists(run.resolve("off-" + round + ".json")); round++) {
      for (String mode : List.of("off", "on")) {
        Path result = run.resolve(mode + "-" + round + ".json");
        if (!Files.exists(result)) {
          continue;
        }
        sides.add(new Side(mode, round, phase(mode + "-" + round, result),
            heapMiB(run.resolve("heap-" + mode + "-" + round + ".txt"))));
      }
    }
    StringBuilder md = heading("What metrics and the access log cost", args);
    md.append("\n| phase | observability | req/s | p50 ms | p99 ms | errors | gateway CPU µs/request | of which JIT | without JIT | heap after GC MiB |\n")
        .append("|---|---|---|---|---|---|---|---|---|---|\n");
    for (Side s : sides) {
      Phase p = s.phase();
      md.append(String.format(Locale.ROOT, "| %d | %s | %.0f | %.2f | %.2f | %d of %d | %.0f | %.0f | %.0f | %.1f |%n", s.round(),
          s.mode().equals("on") ? "metrics + access log" : "off", p.throughput(), p.latency("p50"), p.latency("p99"),
          p.errors(), p.requests(), p.gatewayCpuPerRequestMicros(),
          p.gatewayCpuPerRequestMicros() - p.gatewayCpuPerRequestWithoutJitMicros(),
          p.gatewayCpuPerRequestWithoutJitMicros(), s.heapMiB()));
    }
    double cpuOff = median(sides, "off", Side::cpu);
    double cpuOn = median(sides, "on", Side::cpu);
    double workOff = median(sides, "off", Side::cpuWithoutJit);
    double workOn = median(sides, "on", Side::cpuWithoutJit);
    double heapOff = median(sides, "off", Side::heapMiB);
    double heapOn = median(sides, "on", Side::heapMiB);
    md.append(String.format(Locale.ROOT, "%nMedians: CPU per request without JIT %.0f µs off, %.0f µs on: **%+.1f %%** "
        + "(budget ≤ 5 %%); with JIT %.0f µs off, %.0f µs on: %+.1f %%; heap after GC %.1f MiB off, %.1f MiB on: "
        + "**%+.1f MiB** (budget ≤ 8 MiB).%n", workOff, workOn, (workOn / workOff - 1) * 100, cpuOff, cpuOn,
        (cpuOn / cpuOff - 1) * 100, heapOff, heapOn, heapOn - heapOff));
    Files.writeString(Path.of(args[1]), md.toString());
    System.out.print(md);
  }

  /** One load generator window's result (the mocks at 10 ms). */
  static Phase phase(String name, Path result) throws IOException {
    return new Phase(name, new JsonObject(Files.readString(result)), new Properties(), 10, List.of(), List.of(), null);
  }

  /** The title, then the header lines given from the third argument on. */
  static StringBuilder heading(String title, String[] args) {
    StringBuilder md = new StringBuilder("# ").append(title).append("\n\n");
    for (int i = 2; i < args.length; i++) {
      md.append(args[i]).append('\n');
    }
    return md;
  }

  private static double median(List<Side> sides, String mode, ToDoubleFunction<Side> value) {
    return median(sides.stream().filter(s -> s.mode().equals(mode)).mapToDouble(value).toArray());
  }

  /** The median of the values, NaN when there are none. */
  static double median(double[] given) {
    double[] values = given.clone();
    java.util.Arrays.sort(values);
    if (values.length == 0) {
      return Double.NaN;
    }
    int mid = values.length / 2;
    return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
  }

  /** The heap in use after a full GC, from {@code jcmd GC.heap_info} (the serial collector's generations). */
  private static double heapMiB(Path heapInfo) throws IOException {
    if (!Files.exists(heapInfo)) {
      return Double.NaN;
    }
    long kb = 0;
    for (String line : Files.readAllLines(heapInfo)) {
      if (line.contains("generation")) {
        Matcher m = USED_KB.matcher(line);
        if (m.find()) {
          kb += Long.parseLong(m.group(1));
        }
      }
    }
    return kb / 1024.0;
  }
}

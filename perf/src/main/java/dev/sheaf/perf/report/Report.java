package dev.sheaf.perf.report;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.IntStream;

/** The Markdown of perf/RESULTS.md (and of the soak report). */
final class Report {

  static final double CPU_BAR_MICROS = 150;
  static final double OVERHEAD_P50_BAR_MS = 1;
  static final double OVERHEAD_P99_BAR_MS = 5;
  static final double SATURATION_BAR_RPS = 5000;
  static final double SATURATION_P99_BAR_MS = 50;
  static final double HEAP_BAR_MIB = 64;
  static final double STARTUP_BAR_MS = 2000;
  static final double HANG_TOLERANCE = 1.10;

  private final RunData run;
  private final StringBuilder md = new StringBuilder();

  Report(RunData run) {
    this.run = run;
  }

  // ---------------------------------------------------------------- main report

  String main() {
    line("# Sheaf performance results");
    line();
    line("Written by `perf/run.sh" + ("quick".equals(run.prop("mode")) ? " --quick" : "") + "` on "
        + run.prop("date") + ". How to run it and how to read this file: [perf/README.md](README.md). "
        + "Raw data of this run (logs, JSON, histograms, GC log): `" + run.prop("runDirRelative") + "` (not committed).");
    line();
    caveats();
    machine();
    bars();
    results();
    startup();
    profile();
    scenarios();
    return md.toString();
  }

  private void caveats() {
    List<String> notes = new ArrayList<>();
    if ("quick".equals(run.prop("mode"))) {
      notes.add("**Quick run**: short phases (" + run.prop("warmupSeconds") + " s warm-up, " + run.prop("durationSeconds")
          + " s measured) and fewer load levels. Indicative only; record a full run (`perf/run.sh`).");
    }
    double worstGateway = run.phases().stream().mapToDouble(Phase::foreignOnGatewayCpus)
        .filter(d -> !Double.isNaN(d)).max().orElse(0);
    double worstClient = run.phases().stream().mapToDouble(Phase::foreignOnClientCpus)
        .filter(d -> !Double.isNaN(d)).max().orElse(0);
    long busyPhases = run.phases().stream().filter(p -> p.foreignLoad() != null).count();
    if (run.pinned() && busyPhases > 0) {
      notes.add(String.format(Locale.ROOT, "**The machine was busy** in %d of %d phases: CPU time that none of our "
          + "processes was charged with, up to %.0f%% of a core on the gateway's CPU (%s) and %.0f%% on the mocks' (%s), "
          + "during the measured windows. Usually other processes (e.g. builds and tests): then these numbers are NOT "
          + "final; re-run on a quiet machine. But on some virtual machines the per-CPU counts of `/proc/stat` drift "
          + "from the per-process ones under load, either way, with nothing else running: if `top` showed nothing "
          + "else, this warning is that drift and the figures stand (CPU per request comes from the per-process "
          + "counts). Load average at start: %s, at end: %s.", busyPhases, run.phases().size(), worstGateway * 100, run.prop("gatewayCpuList"),
          worstClient * 100, run.prop("clientCpuList"), run.prop("loadavgStart"), run.prop("loadavgEnd")));
    }
    String failed = run.failedPhases();
    if (failed != null) {
      notes.add("**Phases without a result** (their rows are missing): " + failed.strip().replace("\n", "; "));
    }
    if (!run.pinned()) {
      notes.add("**Not pinned** (`taskset` missing): the gateway, the mocks and the load generator shared all cores; "
          + "CPU shares cannot be told apart per core.");
    }
    if (notes.isEmpty()) {
      return;
    }
    line("> [!WARNING]");
    notes.forEach(n -> line("> " + n + "  "));
    line();
  }

  private void machine() {
    line("## Machine, build and settings");
    line();
    line("| | |");
    line("|---|---|");
    row("date (UTC)", run.prop("date"));
    row("git commit", "`" + run.prop("commit") + "`");
    row("CPU", run.prop("nproc") + " × " + run.prop("cpuModel"));
    row("memory", run.prop("memTotal"));
    row("kernel", run.prop("kernel"));
    row("JVM", run.prop("javaVersion"));
    row("gateway JVM flags", "`" + run.prop("sheafJavaOpts") + "`");
    row("mocks JVM flags", "`" + run.prop("mockJavaOpts") + "`");
    row("load generator JVM flags", "`" + run.prop("loadgenJavaOpts") + "`");
    row("pinning", run.prop("pinningText"));
    row("mock latency", run.prop("mockLatencyMs") + " ms fixed on every backend (no jitter)");
    row("inventory timeout", run.prop("hangTimeoutMs") + " ms (perf binding; the product's resolvers/inventory.yaml says "
        + run.prop("productInventoryTimeout") + ")");
    row("phase", run.prop("warmupSeconds") + " s warm-up (not measured), " + run.prop("durationSeconds")
        + " s measured, then the heap is read under the same load");
    row("run took", run.prop("runSeconds") + " s");
    line();
  }

  // ---------------------------------------------------------------- bars

  private void bars() {
    line("## Against the bar");
    line();
    line("| bar | target | measured | verdict |");
    line("|---|---|---|---|");
    cpuBar();
    overheadBar();
    saturationBar();
    heapBar();
    startupBar();
    hangBar();
    line();
  }

  private Optional<Phase> homeAt500() {
    return find(p -> "home".equals(p.group()) && p.open() && p.offered() == 500);
  }

  private void cpuBar() {
    List<Phase> home = all(p -> "home".equals(p.group()) && !Double.isNaN(p.gatewayCpuPerRequestMicros()));
    Optional<Phase> at500 = homeAt500();
    if (home.isEmpty()) {
      bar("gateway CPU per home-screen request", "≤ 150 µs", "not measured", "—");
      return;
    }
    Phase p = at500.orElse(home.get(0));
    double cpu = p.gatewayCpuPerRequestMicros();
    double min = home.stream().mapToDouble(Phase::gatewayCpuPerRequestMicros).min().orElse(cpu);
    double max = home.stream().mapToDouble(Phase::gatewayCpuPerRequestMicros).max().orElse(cpu);
    String measured = String.format(Locale.ROOT, "%.0f µs at %s (%.0f–%.0f µs over all home phases)",
        cpu, p.load(), min, max);
    List<Phase> floor = all(f -> "floor".equals(f.group()) && !Double.isNaN(f.gatewayCpuPerRequestMicros()));
    if (!floor.isEmpty()) {
      measured += "; the floor (the same five calls, hand-written, no GraphQL): " + String.join(", ", floor.stream()
          .map(f -> String.format(Locale.ROOT, "%.0f µs at %s", f.gatewayCpuPerRequestMicros(), f.load())).toList());
    }
    bar("gateway CPU per home-screen request", "≤ 150 µs", measured, verdict(cpu <= CPU_BAR_MICROS, p));
  }

  private void overheadBar() {
    Optional<Phase> at500 = homeAt500();
    if (at500.isEmpty()) {
      bar("overhead at 500 req/s offered", "p50 ≤ 1 ms, p99 ≤ 5 ms", "not measured", "—");
      return;
    }
    Phase p = at500.get();
    double slop = p.probeLatency("mock", "p50") - run.mockLatencyMs();
    int levels = (int) Math.round(p.idealMs() / run.mockLatencyMs());
    String measured = String.format(Locale.ROOT, "p50 %s, p99 %s (e2e %s / %s − ideal %s)",
        signedMs(p.overhead("p50")), signedMs(p.overhead("p99")), ms(p.latency("p50")), ms(p.latency("p99")), ms(p.idealMs()));
    double mocks = Double.isNaN(slop) ? 0 : Math.max(0, slop) * levels;
    if (mocks > 0.05) {
      measured += String.format(Locale.ROOT, "; the mocks alone answer %.2f ms late (p50 of the mock probe), %.2f ms "
          + "over %d levels: without it (roughly: the probe also carries the generator's own time) p50 %s, p99 %s", slop, mocks, levels, signedMs(p.overhead("p50") - mocks),
          signedMs(p.overhead("p99") - mocks));
    }
    boolean ok = p.overhead("p50") <= OVERHEAD_P50_BAR_MS && p.overhead("p99") <= OVERHEAD_P99_BAR_MS;
    String verdict = verdict(ok, p);
    if (!ok && p.overhead("p50") - mocks <= OVERHEAD_P50_BAR_MS && p.overhead("p99") - mocks <= OVERHEAD_P99_BAR_MS) {
      verdict += "; PASS once the mocks' own lateness is taken out";
    }
    bar("overhead at 500 req/s offered (home)", "p50 ≤ 1 ms, p99 ≤ 5 ms", measured, verdict);
  }

  private void saturationBar() {
    List<Phase> home = all(p -> "home".equals(p.group()));
    if (home.isEmpty()) {
      bar("saturation (home, one core)", "≥ 5,000 req/s with p99 ≤ 50 ms", "not measured", "—");
      return;
    }
    Optional<Phase> best = home.stream()
        .filter(p -> p.errors() == 0 && p.latency("p99") <= SATURATION_P99_BAR_MS)
        .max(Comparator.comparingDouble(Phase::throughput));
    // The most the gateway delivered with (almost) no errors: an overload full of timeouts is no capacity.
    Phase top = home.stream().filter(p -> p.errorRate() < 0.01)
        .max(Comparator.comparingDouble(Phase::throughput))
        .orElse(home.stream().max(Comparator.comparingDouble(Phase::throughput)).orElseThrow());
    // CPU per request falls as load rises (more work per event-loop wake-up), so project from the top phase.
    double cpu = top.gatewayCpuPerRequestMicros();
    String measured = best.map(p -> String.format(Locale.ROOT, "%.0f req/s with p99 %s (%s)", p.throughput(),
        ms(p.latency("p99")), p.load())).orElse("no home phase met p99 ≤ 50 ms without errors");
    measured += String.format(Locale.ROOT, "; highest throughput without errors %.0f req/s (%s, p99 %s, gateway %.0f%% "
        + "of its core, mock side %s)", top.throughput(), top.load(), ms(top.latency("p99")), top.share("gateway") * 100,
        top.clientSideLimit() == null ? "not limiting" : "limiting: " + top.clientSideLimit());
    if (!Double.isNaN(cpu)) {
      measured += String.format(Locale.ROOT, "; at its %.0f µs CPU per request one core could serve about %.0f req/s",
          cpu, 1e6 / cpu);
    }
    String verdict;
    if (best.isPresent() && best.get().throughput() >= SATURATION_BAR_RPS) {
      verdict = "PASS";
    } else {
      String clientLimit = top.clientSideLimit();
      // The gateway's core saturated first: that is the gateway's limit, whatever the mocks did.
      if (clientLimit != null && !top.gatewaySaturated()) {
        verdict = "NOT PROVEN: the mock side saturated first (" + clientLimit + ")";
      } else {
        verdict = "FAIL" + (top.gatewaySaturated() ? String.format(Locale.ROOT,
            ": the gateway's core saturates at about %.0f req/s", top.throughput()) : "");
      }
    }
    bar("saturation (home, one core)", "≥ 5,000 req/s with p99 ≤ 50 ms (or the mocks saturate first)", measured, verdict);
  }

  private void heapBar() {
    Optional<Phase> worst = run.phases().stream().filter(p -> !Double.isNaN(p.heapAfterGcMiB()))
        .max(Comparator.comparingDouble(Phase::heapAfterGcMiB));
    if (worst.isEmpty()) {
      bar("heap after GC under load", "≤ 64 MiB", "not measured", "—");
      return;
    }
    Phase p = worst.get();
    bar("heap after GC under load", "≤ 64 MiB", String.format(Locale.ROOT, "max %.1f MiB (%s, %s)",
        p.heapAfterGcMiB(), p.scenario(), p.load()), p.heapAfterGcMiB() <= HEAP_BAR_MIB ? "PASS" : "FAIL");
  }

  private void startupBar() {
    List<Double> plain = startupReadyMs("plain");
    List<Double> cds = startupReadyMs("cds");
    if (plain.isEmpty() && cds.isEmpty()) {
      bar("start-up to /ready", "≤ 2 s", "not measured", "—");
      return;
    }
    // The verdict goes by the way the README runs the gateway: with the build's class-data archive.
    List<Double> judged = cds.isEmpty() ? plain : cds;
    String measured = String.format(Locale.ROOT, "median %s with the class-data archive, %s plain `java -jar` (%s)",
        medianText(cds), medianText(plain), run.prop("startupPinningText"));
    bar("start-up to /ready (`java [-XX:SharedArchiveFile=…] -jar` to first 200)", "≤ 2 s", measured,
        median(judged) <= STARTUP_BAR_MS ? "PASS" : "FAIL");
  }

  private static String medianText(List<Double> ms) {
    return ms.isEmpty() ? "not measured" : String.format(Locale.ROOT, "%.0f ms of %d", median(ms), ms.size());
  }

  private void hangBar() {
    Optional<Phase> control = find(p -> "hang-control".equals(p.group()));
    Optional<Phase> hang = find(p -> "hang".equals(p.group()));
    if (control.isEmpty() || hang.isEmpty()) {
      bar("hanging backend", "others within 10 %", "not measured", "—");
      return;
    }
    Phase c = control.get();
    Phase h = hang.get();
    double cpuRatio = h.gatewayCpuPerRequestMicros() / c.gatewayCpuPerRequestMicros();
    double p50Ratio = h.probeLatency("others", "p50") / c.probeLatency("others", "p50");
    double p99Ratio = h.probeLatency("others", "p99") / c.probeLatency("others", "p99");
    String measured = String.format(Locale.ROOT,
        "CPU/request %.0f vs %.0f µs healthy (×%.2f); other fields (home without stock, measured alongside) p50 %s vs %s "
            + "(×%.2f), p99 %s vs %s (×%.2f); the hanging request itself p50 %s, p99 %s (ideal %s)",
        h.gatewayCpuPerRequestMicros(), c.gatewayCpuPerRequestMicros(), cpuRatio,
        ms(h.probeLatency("others", "p50")), ms(c.probeLatency("others", "p50")), p50Ratio,
        ms(h.probeLatency("others", "p99")), ms(c.probeLatency("others", "p99")), p99Ratio,
        ms(h.latency("p50")), ms(h.latency("p99")), h.idealText());
    String stats = run.props().getProperty("hangInventoryStats", "");
    if (!stats.isBlank()) {
      try {
        measured += "; hung gRPC calls still open at the inventory after the phase: "
            + new io.vertx.core.json.JsonObject(stats).getInteger("inFlight")
            + " (the mock holds a hung call until the caller cancels it)";
      } catch (RuntimeException e) {
        // not JSON: leave it out
      }
    }
    boolean latencyOk = h.overhead("p99") <= c.overhead("p99") * HANG_TOLERANCE + 1;
    boolean ok = cpuRatio <= HANG_TOLERANCE && p50Ratio <= HANG_TOLERANCE && p99Ratio <= HANG_TOLERANCE
        && latencyOk && h.errors() == 0;
    List<String> outside = new ArrayList<>();
    if (cpuRatio > HANG_TOLERANCE) {
      outside.add(String.format(Locale.ROOT, "CPU/request ×%.2f", cpuRatio));
    }
    if (p50Ratio > HANG_TOLERANCE) {
      outside.add(String.format(Locale.ROOT, "other fields' p50 ×%.2f", p50Ratio));
    }
    if (p99Ratio > HANG_TOLERANCE) {
      outside.add(String.format(Locale.ROOT, "other fields' p99 ×%.2f", p99Ratio));
    }
    if (!latencyOk) {
      outside.add("the hanging request's p99 overhead " + signedMs(h.overhead("p99")) + " against "
          + signedMs(c.overhead("p99")) + " healthy: its latency grows beyond the timeout");
    }
    if (h.errors() > 0) {
      outside.add(h.errors() + " unexpected errors");
    }
    String verdict = verdict(ok, h) + (outside.isEmpty() ? "" : " (outside the bar: " + String.join("; ", outside) + ")");
    bar("inventory hanging, " + run.prop("hangTimeoutMs") + " ms timeout, 500 req/s", "CPU/request and other fields' "
        + "latency within 10 % of healthy; latency stays at the timeout", measured, verdict);
  }

  private String verdict(boolean ok, Phase p) {
    String v = ok ? "PASS" : "FAIL";
    String busy = p.foreignLoad();
    String client = p.clientSideLimit();
    if (!ok && client != null) {
      v += " (but the mock side was limiting: " + client + ")";
    }
    if (busy != null) {
      v += " (busy machine: " + busy + ")";
    }
    return v;
  }

  // ---------------------------------------------------------------- results tables

  private void results() {
    line("## Results: one row per scenario and load level");
    line();
    line("Latency is end to end at the client, in ms. Open loop: measured from each request's *intended* send time "
        + "(no coordinated omission). Closed loop: from the actual send. **Overhead** = latency − ideal critical path "
        + "(levels × the mocks' configured latency, see *Scenarios*). *Run #*: the order phases ran in (light load first, "
        + "then the hang pair, then saturation and overload). *Good req/s*: answers as expected, per second "
        + "of the window. **Errors**: non-200, no data, or GraphQL errors the scenario does not expect; a request that timed out counts as an error *and* with its full wait in the latency.");
    line();
    line("| scenario | load | run # | good req/s | p50 | p90 | p99 | p99.9 | ideal | overhead p50 / p99 | errors | whose figure |");
    line("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|");
    for (Phase p : run.phases()) {
      line(String.format(Locale.ROOT, "| %s | %s | %d | %.0f | %s | %s | %s | %s | %s | %s / %s | %s | %s |",
          p.scenario(), p.load(), p.runOrder(), p.throughput(), ms(p.latency("p50")), ms(p.latency("p90")), ms(p.latency("p99")),
          ms(p.latency("p999")), ms(p.idealMs()), signedMs(p.overhead("p50")), signedMs(p.overhead("p99")), errors(p),
          whose(p)));
    }
    line();
    line("Cost and saturation of the same phases. *Gateway CPU/req*: utime+stime of the gateway process (all threads: "
        + "event loops, JIT, GC) over the window, divided by the requests completed in it; *sys* is the kernel's share of "
        + "it (system calls, loopback TCP). *Core*: the gateway's share of its CPU. *JIT / GC*: the share of the gateway's CPU "
        + "spent by its compiler threads and by garbage collection (a high JIT share means it was still warming up, and "
        + "the CPU per request is inflated). *Alloc/req* and *GC* come from the "
        + "gateway's GC log over the window (young pauses: count, total, longest). *Heap after GC*: what the full GC that "
        + "`jcmd GC.run` forces right after the window, under the same load, leaves (from the GC log). *Mocks*, *load gen*: their CPU in cores. "
        + "*Others*: CPU used by processes that are not ours on the gateway's / the mocks' CPUs. *Mock probe*: a request "
        + "straight to the users mock (set to " + run.prop("mockLatencyMs") + " ms) 20 times a second: much slower than "
        + "set means the mock side is the bottleneck. *Gen. late*: how late the generator sent (p99).");
    line();
    line("| scenario | load | gateway CPU/req (sys) | core | JIT / GC | alloc/req | GC pauses | heap after GC | RSS | mocks "
        + "| load gen | others | mock probe p50 / p99 | gen. late | response |");
    line("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
    for (Phase p : run.phases()) {
      line(String.format(Locale.ROOT, "| %s | %s | %s (%s) | %s | %s / %s | %s | %s | %s | %s | %s | %s | %s / %s | %s / %s | %s | %s |",
          p.scenario(), p.load(), micros(p.gatewayCpuPerRequestMicros()), pct(p.gatewaySystemShare()),
          pct(p.share("gateway")), pct(p.gatewayThreadShare("jit")), pct(p.gatewayThreadShare("gc")),
          kib(p.allocationPerRequestKiB()), gc(p.gc()), mib(p.heapAfterGcMiB()),
          mib(p.rssMiB()), pct(p.share("mocks")), pct(p.share("loadgen")),
          run.pinned() ? pct(Math.max(0, p.foreignOnGatewayCpus())) : "—",
          run.pinned() ? pct(Math.max(0, p.foreignOnClientCpus())) : "—",
          ms(p.probeLatency("mock", "p50")), ms(p.probeLatency("mock", "p99")), ms(p.sendLagP99()),
          bytes(p.meanResponseBytes())));
    }
    line();
    List<Phase> withErrors = all(p -> p.errors() > 0);
    if (!withErrors.isEmpty()) {
      line("Error samples:");
      line();
      for (Phase p : withErrors) {
        line("- " + p.scenario() + ", " + p.load() + ": " + String.join("; ",
            p.main().getJsonArray("errorSamples").stream().map(String::valueOf).toList()));
      }
      line();
    }
  }

  private String errors(Phase p) {
    String e = String.valueOf(p.errors());
    if (p.errors() > 0) {
      e = "**" + e + "** of " + p.requests();
    }
    if (p.expectedErrors() > 0) {
      e += " (+" + p.expectedErrors() + " expected " + String.join(",",
          p.result().getJsonArray("expectedCodes").stream().map(String::valueOf).toList()) + ")";
    }
    return e;
  }

  private String whose(Phase p) {
    List<String> notes = new ArrayList<>();
    String client = p.clientSideLimit();
    if (client != null) {
      notes.add("**the mocks'** (" + client + ")");
    } else {
      notes.add("Sheaf's");
    }
    if (p.gatewaySaturated()) {
      notes.add("gateway core saturated");
    }
    if (p.gatewayThreadShare("jit") > 0.10) {
      notes.add(String.format(Locale.ROOT, "gateway still compiling (JIT %.0f%% of its CPU)", p.gatewayThreadShare("jit") * 100));
    }
    String busy = p.foreignLoad();
    if (busy != null) {
      notes.add("busy machine: " + busy);
    }
    return String.join("; ", notes);
  }

  // ---------------------------------------------------------------- start-up, profile, scenarios

  /** Start-up times of one mode ("plain" or "cds"); rows of older runs have no mode and count as plain. */
  private List<Double> startupReadyMs(String mode) {
    return run.startup().stream()
        .filter(r -> mode.equals(r.length > 3 ? r[3] : "plain"))
        .map(r -> Double.parseDouble(r[1]))
        .toList();
  }

  private void startup() {
    if (run.startup().isEmpty()) {
      return;
    }
    line("## Start-up");
    line();
    line("From `java -jar sheaf.jar` (the product's own schema/ and resolvers/, the gateway's JVM flags, "
        + run.prop("startupPinningText") + ") to the first `200` from `GET /ready`, polled every 10 ms; "
        + "\"logged\" is the gateway's own \"Sheaf ready … in N ms\" (from the end of configuration loading). "
        + "*cds*: with `-XX:SharedArchiveFile=` and the class-data archive a training start (`--check`) made for "
        + "the same jar, as the build makes `gateway/target/sheaf.jsa`; *plain*: without it.");
    line();
    line("| run | mode | to /ready | logged |");
    line("|--:|---|--:|--:|");
    for (String[] r : run.startup()) {
      line("| " + r[0] + " | " + (r.length > 3 ? r[3] : "plain") + " | " + r[1] + " ms | "
          + (r.length > 2 ? r[2] + " ms" : "?") + " |");
    }
    line();
  }

  private void profile() {
    if (run.profile() == null || run.profile().isBlank()) {
      return;
    }
    line("## Where the gateway's CPU goes");
    line();
    line(run.prop("profileNote"));
    line();
    line("```");
    md.append(run.profile().strip()).append('\n');
    line("```");
    line();
  }

  private void scenarios() {
    double l = run.mockLatencyMs();
    line("## Scenarios");
    line();
    line("Queries are in `perf/scenarios/queries/`; perf-only schema and bindings in `perf/scenarios/`.");
    line();
    line("| scenario | what | backend calls per request | ideal critical path |");
    line("|---|---|---|--:|");
    line("| home | the home screen: user, 3 orders, recommendations with product and stock | users + orders + "
        + "recommendations (level 1, started together), catalog batch + inventory gRPC batch (level 2) | 2 × " + ms(l) + " |");
    line("| floor: same calls, no GraphQL | NOT Sheaf: `FloorGateway` (backends-mock, perf package), a hand-written "
        + "Vert.x program answering the home query's POST with the same JSON by the same five calls, clients and "
        + "Jackson, run on the gateway's core with its JVM flags; Sheaf's CPU per request minus the floor's is what "
        + "Sheaf's own machinery costs | as home | 2 × " + ms(l) + " |");
    line("| wide | ten root fields on ten distinct backend names (own pools) over the four REST mocks | 10, one level | 1 × "
        + ms(l) + " |");
    line("| list100 | 100 products with stock | the id list (level 1), ONE catalog batch of 100 + ONE inventory batch "
        + "(level 2) | 2 × " + ms(l) + " |");
    line("| big | 2000 items of ~500 B each (≈ 1 MB of JSON) | 1 | 1 × " + ms(l) + " |");
    line("| home, healthy (control) | the home screen, run right before the hang phase, with a side stream of home "
        + "*without* stock through the gateway | as home | 2 × " + ms(l) + " |");
    line("| home, inventory hangs | the same while the inventory never answers: stock is null with BACKEND_TIMEOUT "
        + "(expected) | as home; inventory times out | " + ms(l) + " + " + run.prop("hangTimeoutMs") + " ms |");
    line();
  }

  // ---------------------------------------------------------------- soak

  String soak() {
    line("# Sheaf soak results");
    line();
    line("Written by `perf/run.sh --soak` on " + run.prop("date") + ": the home screen at " + run.prop("soakRate")
        + " req/s (open loop) for " + run.prop("soakMinutes") + " minutes. Every " + run.prop("soakSampleSeconds")
        + " s the harness forces a full GC (`jcmd GC.run`) and reads the heap it leaves (GC log) and RSS: those pauses are in "
        + "the latency figures below. How to read this: [perf/README.md](README.md). Raw data: `"
        + run.prop("runDirRelative") + "`.");
    line();
    caveats();
    machine();
    results();
    line("## Heap after GC over time");
    line();
    line("| elapsed | heap after GC | RSS | gateway CPU in the interval |");
    line("|--:|--:|--:|--:|");
    double first = Double.NaN;
    double last = Double.NaN;
    double max = 0;
    for (String[] s : run.soak()) {
      double heap = Double.parseDouble(s[1]) / 1024;
      first = Double.isNaN(first) ? heap : first;
      last = heap;
      max = Math.max(max, heap);
      line(String.format(Locale.ROOT, "| %s s | %.1f MiB | %.1f MiB | %s |", s[0], heap, Double.parseDouble(s[2]) / 1024,
          s.length > 3 ? s[3] + " s" : "?"));
    }
    line();
    if (!Double.isNaN(first)) {
      line(String.format(Locale.ROOT, "Heap after GC: first %.1f MiB, last %.1f MiB, max %.1f MiB (bar ≤ 64 MiB: %s). "
          + "A steady heap stays flat after the first minutes; a steady climb is a leak.", first, last, max,
          max <= HEAP_BAR_MIB ? "PASS" : "FAIL"));
      line();
    }
    find(p -> "soak".equals(p.group())).ifPresent(this::stalls);
    return md.toString();
  }

  /**
   * The seconds of the window whose slowest home request took over five times the ideal, next to the
   * slowest request straight to a mock (the probe) around the same second, and whether the harness's
   * heap sample (a forced full GC in the gateway, jcmd on the mocks' CPU) ran then.
   */
  private void stalls(Phase soak) {
    List<Double> home = slowestBySecond(soak.main());
    List<Double> mock = soak.probe("mock") == null ? List.of() : slowestBySecond(soak.probe("mock"));
    double warmup = soak.result().getDouble("warmupSeconds", 0.0);
    List<Double> samples = run.soak().stream().map(s -> Double.parseDouble(s[0]) - warmup).toList();
    double threshold = 5 * soak.idealMs();
    line("## Stalls");
    line();
    List<Integer> seconds = IntStream.range(0, home.size()).filter(i -> home.get(i) > threshold).boxed().toList();
    if (seconds.isEmpty()) {
      line("No second of the window had a home request slower than " + ms(threshold) + " (5 × the ideal).");
      line();
      return;
    }
    line("Seconds of the window (from its start) whose slowest home request took over " + ms(threshold)
        + " (5 × the ideal). *Mock probe*: the slowest direct request to the users mock (set to "
        + ms(soak.mockLatencyMs()) + ") in that second and the next; when it is slow too, the mocks' and the load "
        + "generator's CPU stalled as well. *Heap sample*: the harness forced a full GC in the gateway (and ran jcmd "
        + "on the mocks' CPU) within a second or two of it.");
    line();
    line("| second | slowest home request | mock probe | heap sample |");
    line("|--:|--:|--:|---|");
    for (int second : seconds) {
      double probe = second + 1 < mock.size() ? Math.max(mock.get(second), mock.get(second + 1)) : at(mock, second);
      boolean sampled = samples.stream().anyMatch(t -> t >= second - 2 && t <= second + 2);
      line("| " + second + " | " + ms(home.get(second)) + " | " + ms(probe) + " | " + (sampled ? "yes" : "no") + " |");
    }
    line();
  }

  private static List<Double> slowestBySecond(JsonObject stream) {
    JsonArray seconds = stream.getJsonArray("slowestMsBySecond");
    return seconds == null ? List.of() : seconds.stream().map(v -> ((Number) v).doubleValue()).toList();
  }

  private static double at(List<Double> values, int index) {
    return index < values.size() ? values.get(index) : Double.NaN;
  }

  // ---------------------------------------------------------------- helpers

  private Optional<Phase> find(Predicate<Phase> p) {
    return run.phases().stream().filter(p).findFirst();
  }

  private List<Phase> all(Predicate<Phase> p) {
    return run.phases().stream().filter(p).toList();
  }

  private void bar(String what, String target, String measured, String verdict) {
    line("| " + what + " | " + target + " | " + measured + " | " + verdict + " |");
  }

  private void row(String key, String value) {
    line("| " + key + " | " + value + " |");
  }

  private void line(String s) {
    md.append(s).append('\n');
  }

  private void line() {
    md.append('\n');
  }

  static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  static String ms(double v) {
    if (Double.isNaN(v)) {
      return "—";
    }
    return v >= 100 ? String.format(Locale.ROOT, "%.0f ms", v) : String.format(Locale.ROOT, "%.2f ms", v);
  }

  static String signedMs(double v) {
    if (Double.isNaN(v)) {
      return "—";
    }
    return (v >= 0 ? "+" : "") + ms(v);
  }

  static String micros(double v) {
    return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.0f µs", v);
  }

  static String pct(double share) {
    return Double.isNaN(share) ? "—" : String.format(Locale.ROOT, "%.0f%%", share * 100);
  }

  static String kib(double v) {
    return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.0f KiB", v);
  }

  static String gc(GcLog.Window w) {
    if (w == null) {
      return "—";
    }
    return w.pauses() == 0 ? "0" : String.format(Locale.ROOT, "%d, %.0f ms, max %.0f ms", w.pauses(), w.pauseMillis(),
        w.maxPauseMillis());
  }

  static String mib(double v) {
    return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.1f MiB", v);
  }

  static String bytes(long b) {
    if (b >= 1024 * 1024) {
      return String.format(Locale.ROOT, "%.2f MB", b / 1048576.0);
    }
    return b >= 1024 ? String.format(Locale.ROOT, "%.1f kB", b / 1024.0) : b + " B";
  }
}

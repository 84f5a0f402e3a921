package dev.sheaf.perf.report;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Properties;

/**
 * One measured phase of a run: the load generator's result JSON plus what the harness read from the
 * gateway right after the window (heap after a full GC, RSS) and its GC log over the window, with the
 * derived figures the report shows.
 *
 * @param gatewayCpus the CPUs the gateway was pinned to (empty when not pinned)
 * @param clientCpus  the CPUs the mocks and the load generator were pinned to (empty when not pinned)
 */
record Phase(String name, JsonObject result, Properties memory, double mockLatencyMs, List<Integer> gatewayCpus,
             List<Integer> clientCpus, GcLog.Window gc) {

  /** Our CPUs busy this much (of one core) beyond our own processes means other work was running there. */
  static final double FOREIGN_BUSY = 0.10;
  /** Pinned cores this busy are saturated. */
  static final double SATURATED = 0.90;

  /** The phase's place in the run, e.g. 3 for {@code 03-home-open-1000}. */
  int runOrder() {
    try {
      return Integer.parseInt(name.substring(0, name.indexOf('-')));
    } catch (RuntimeException e) {
      return 0;
    }
  }

  String scenario() {
    return meta("scenario", name);
  }

  String load() {
    return meta("load", result.getString("mode"));
  }

  String group() {
    return meta("group", "");
  }

  double idealMs() {
    return Double.parseDouble(meta("idealMs", "0"));
  }

  String idealText() {
    return meta("ideal", Report.ms(idealMs()));
  }

  boolean open() {
    return "open".equals(result.getString("mode"));
  }

  double offered() {
    return result.getDouble("targetRate", 0.0);
  }

  JsonObject main() {
    return result.getJsonObject("main");
  }

  double throughput() {
    return main().getDouble("throughput");
  }

  long requests() {
    return main().getLong("requests");
  }

  long errors() {
    return main().getLong("errors");
  }

  long expectedErrors() {
    return main().getLong("expectedErrors");
  }

  double latency(String percentile) {
    return main().getJsonObject("latencyMs").getDouble(percentile);
  }

  double overhead(String percentile) {
    return latency(percentile) - idealMs();
  }

  double sendLagP99() {
    return main().getJsonObject("sendLagMs").getDouble("p99");
  }

  long meanResponseBytes() {
    return main().getLong("meanResponseBytes", 0L);
  }

  double window() {
    return result.getDouble("cpuWindowSeconds", result.getDouble("windowSeconds"));
  }

  double cpuSeconds(String process) {
    return result.getJsonObject("cpuSeconds").getDouble(process, -1.0);
  }

  /** Requests per second of the window that were not as expected (errors). */
  double errorRate() {
    return requests() == 0 ? 0 : errors() / (double) requests();
  }

  /** Gateway CPU time per request answered in the window (any status), in microseconds. */
  double gatewayCpuPerRequestMicros() {
    long done = main().getLong("answeredInWindow", main().getLong("completedInWindow"));
    double cpu = cpuSeconds("gateway");
    return done == 0 || cpu < 0 ? Double.NaN : cpu / done * 1e6;
  }

  /**
   * Gateway CPU time per request without its JIT compiler threads, in microseconds: the work each
   * request costs once the code is compiled. Compilation runs for minutes on one core and varies from
   * run to run by more than the cost of a small feature, so off/on comparisons read this beside the total.
   */
  double gatewayCpuPerRequestWithoutJitMicros() {
    double total = gatewayCpuPerRequestMicros();
    double jit = gatewayThreadShare("jit");
    return Double.isNaN(jit) ? Double.NaN : total * (1 - jit);
  }

  /** Share of one core, 0..1. */
  double share(String process) {
    double cpu = cpuSeconds(process);
    return cpu < 0 ? Double.NaN : cpu / window();
  }

  /** The gateway's kernel (system) time as a share of its CPU time: system calls, the network stack. */
  double gatewaySystemShare() {
    double total = cpuSeconds("gateway");
    double system = result.getJsonObject("cpuSystemSeconds", new JsonObject()).getDouble("gateway", -1.0);
    return total <= 0 || system < 0 ? Double.NaN : system / total;
  }

  /** Share of the gateway's CPU time spent by one kind of thread: eventloop, jit, gc or other. */
  double gatewayThreadShare(String kind) {
    JsonObject kinds = result.getJsonObject("cpuSecondsByThreadKind", new JsonObject()).getJsonObject("gateway");
    double total = cpuSeconds("gateway");
    if (kinds == null || total <= 0) {
      return Double.NaN;
    }
    return kinds.getDouble(kind, 0.0) / total;
  }

  /** Bytes the gateway allocated per request (from its GC log), in KiB. */
  double allocationPerRequestKiB() {
    return gc == null ? Double.NaN : gc.allocationMiBPerSecond() * 1024 / throughput();
  }

  /** How busy a set of CPUs was (whoever used them), in cores: 0..size. NaN when unknown. */
  double busyCores(List<Integer> cpus) {
    return sumOver("cpuBusy", cpus);
  }

  /** Time the hypervisor gave away from a set of CPUs, in cores (a noisy host). */
  double stolenCores(List<Integer> cpus) {
    return sumOver("cpuSteal", cpus);
  }

  private double sumOver(String field, List<Integer> cpus) {
    JsonObject busy = result.getJsonObject(field, new JsonObject());
    if (cpus.isEmpty()) {
      return Double.NaN;
    }
    double sum = 0;
    for (int cpu : cpus) {
      Double b = busy.getDouble("cpu" + cpu);
      if (b == null) {
        return Double.NaN;
      }
      sum += b;
    }
    return sum;
  }

  /** Cores' worth of the gateway's CPUs used by processes that are not ours. */
  double foreignOnGatewayCpus() {
    return busyCores(gatewayCpus) - share("gateway");
  }

  /** Cores' worth of the client CPUs used by processes other than the mocks and the load generator. */
  double foreignOnClientCpus() {
    return busyCores(clientCpus) - share("mocks") - share("loadgen");
  }

  JsonObject probe(String name) {
    return result.getJsonObject("probes", new JsonObject()).getJsonObject(name);
  }

  double probeLatency(String name, String percentile) {
    JsonObject p = probe(name);
    return p == null ? Double.NaN : p.getJsonObject("latencyMs").getDouble(percentile);
  }

  double heapAfterGcMiB() {
    return kibToMiB(memory.getProperty("heapUsedKiB"));
  }

  double rssMiB() {
    return kibToMiB(memory.getProperty("rssKiB"));
  }

  /**
   * Whether the client side (mocks + load generator on their CPUs) limited this phase, with the
   * evidence; null when it did not. Then the latency and throughput figures are the mocks', not Sheaf's.
   */
  String clientSideLimit() {
    StringBuilder why = new StringBuilder();
    double busy = busyCores(clientCpus) / clientCpus.size();
    if (busy >= SATURATED) {
      why.append(String.format("mock/generator CPU%s %.0f%% busy", clientCpus.size() > 1 ? "s" : "", busy * 100));
    }
    double probeP50 = probeLatency("mock", "p50");
    // A Vert.x timer fires a little late even on an idle mock (about 1 ms at 10 ms): allow for it.
    if (probeP50 > mockLatencyMs + Math.max(2.5, 0.2 * mockLatencyMs)) {
      append(why, String.format("mock answers in %.1f ms p50 (set: %.0f ms)", probeP50, mockLatencyMs));
    }
    if (sendLagP99() > 5) {
      append(why, String.format("load generator %.1f ms late p99", sendLagP99()));
    }
    return why.length() == 0 ? null : why.toString();
  }

  /** Whether the gateway's core(s) were saturated. */
  boolean gatewaySaturated() {
    double cores = gatewayCpus.isEmpty() ? 1 : gatewayCpus.size();
    return share("gateway") >= SATURATED * cores || busyCores(gatewayCpus) >= 0.97 * cores;
  }

  /** Other processes on our cores, e.g. a build: the figures are then not final. */
  String foreignLoad() {
    double g = foreignOnGatewayCpus();
    double c = foreignOnClientCpus();
    double steal = stolenCores(gatewayCpus) + stolenCores(clientCpus);
    String stolen = steal > 0.02 ? String.format(" (hypervisor steal: %.0f%% of a core)", steal * 100) : "";
    if (g > FOREIGN_BUSY || c > FOREIGN_BUSY) {
      return String.format("others used %.0f%% of a core on the gateway's CPU, %.0f%% on the mocks'%s",
          Math.max(0, g) * 100, Math.max(0, c) * 100, stolen);
    }
    return steal > FOREIGN_BUSY ? "hypervisor steal " + String.format("%.0f%% of a core", steal * 100) : null;
  }

  private String meta(String key, String fallback) {
    return result.getJsonObject("meta", new JsonObject()).getString(key, fallback);
  }

  private static void append(StringBuilder sb, String s) {
    sb.append(sb.length() == 0 ? "" : "; ").append(s);
  }

  private static double kibToMiB(String kib) {
    if (kib == null || kib.isBlank()) {
      return Double.NaN;
    }
    return Double.parseDouble(kib) / 1024.0;
  }
}

package dev.sheaf.perf.report;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * A run directory as perf/run.sh leaves it: {@code run.properties} (machine, build, JVM flags),
 * {@code phases/NN-name.json} (the load generator's results) with {@code phases/NN-name.mem}
 * (heap after GC, RSS), {@code startup.tsv}, and for a soak {@code soak.tsv}; optionally
 * {@code profile.txt} (the gateway's hottest methods from JFR).
 */
record RunData(Path dir, Properties props, List<Phase> phases, List<String[]> startup, List<String[]> soak,
               String profile) {

  /** Rows by scenario (in this order), open loop by rate, then closed loop by concurrency. */
  static final List<String> GROUPS = List.of("home", "floor", "wide", "list100", "big", "hang-control", "hang", "soak");
  static final Comparator<Phase> DISPLAY_ORDER = Comparator
      .comparingInt((Phase p) -> GROUPS.indexOf(p.group()) < 0 ? GROUPS.size() : GROUPS.indexOf(p.group()))
      .thenComparing(p -> !p.open())
      .thenComparingDouble(p -> p.open() ? p.offered() : p.result().getInteger("concurrency", 0));

  static RunData load(Path dir) throws IOException {
    Properties props = properties(dir.resolve("run.properties"));
    double latency = Double.parseDouble(props.getProperty("mockLatencyMs", "10"));
    List<Integer> gatewayCpus = cpus(props.getProperty("gatewayCpuList", ""));
    List<Integer> clientCpus = cpus(props.getProperty("clientCpuList", ""));
    GcLog gc = GcLog.read(dir.resolve("gateway-gc.log"));
    List<Phase> phases = new ArrayList<>();
    Path phaseDir = dir.resolve("phases");
    if (Files.isDirectory(phaseDir)) {
      try (Stream<Path> files = Files.list(phaseDir)) {
        for (Path json : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
          String name = json.getFileName().toString().replaceFirst("\\.json$", "");
          JsonObject result = new JsonObject(Files.readString(json));
          if ("true".equals(result.getJsonObject("meta", new JsonObject()).getString("warmup"))) {
            continue;
          }
          GcLog.Window gcWindow = gc.isEmpty() ? null
              : gc.window(result.getLong("windowStartEpochMillis", 0L), result.getLong("windowEndEpochMillis", 0L));
          phases.add(new Phase(name, result, properties(phaseDir.resolve(name + ".mem")), latency, gatewayCpus,
              clientCpus, gcWindow));
        }
      }
    }
    phases.sort(DISPLAY_ORDER);
    Path profile = dir.resolve("profile.txt");
    return new RunData(dir, props, phases, tsv(dir.resolve("startup.tsv")), tsv(dir.resolve("soak.tsv")),
        Files.exists(profile) ? Files.readString(profile) : null);
  }

  String prop(String key) {
    return props.getProperty(key, "?");
  }

  /** Lines of failed-phases.txt, or null when every phase has a result. */
  String failedPhases() {
    Path file = dir.resolve("failed-phases.txt");
    try {
      return Files.exists(file) ? Files.readString(file) : null;
    } catch (IOException e) {
      return null;
    }
  }

  boolean pinned() {
    return "true".equals(props.getProperty("pinned"));
  }

  double mockLatencyMs() {
    return Double.parseDouble(props.getProperty("mockLatencyMs", "10"));
  }

  /** "1,2,3" as a list; empty when not pinned. */
  private static List<Integer> cpus(String list) {
    return list.isBlank() ? List.of() : java.util.Arrays.stream(list.split(",")).map(String::trim).map(Integer::valueOf).toList();
  }

  private static Properties properties(Path file) throws IOException {
    Properties p = new Properties();
    if (Files.exists(file)) {
      try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        p.load(r);
      }
    }
    return p;
  }

  private static List<String[]> tsv(Path file) throws IOException {
    if (!Files.exists(file)) {
      return List.of();
    }
    return Files.readAllLines(file).stream()
        .filter(l -> !l.isBlank() && !l.startsWith("#"))
        .map(l -> l.split("\t"))
        .toList();
  }
}

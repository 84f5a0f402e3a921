package dev.sheaf.perf.load;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The load generator's command line. Every option is {@code --name=value}; see {@link #USAGE}.
 *
 * @param body          the POST body (a GraphQL request), or null for GET
 * @param rate          open loop: requests per second, sent at fixed intended times
 * @param concurrency   closed loop: requests in flight at all times
 * @param connections   the HTTP/1.1 keep-alive pool's size
 * @param expectedCodes GraphQL error codes ({@code extensions.code}) that this scenario expects; a response
 *                      whose every error has one of them is "expected", not an error
 * @param pids          processes whose CPU time is read over the measured window, by name
 * @param probes        low-rate side streams measured over the same window (e.g. a mock backend directly)
 * @param meta          free key=value pairs copied into the result (scenario, ideal latency, …)
 * @param windows       slices of the measured window reported one by one (latency, CPU), or null for none
 * @param waitReady     a URL polled until it answers 200 before the load starts, or null to start at once
 */
record LoadOptions(URI url, byte[] body, Mode mode, double rate, int concurrency, int connections,
                   Duration warmup, Duration duration, Duration tail, Duration requestTimeout,
                   Set<String> expectedCodes, Map<String, Long> pids, long clockTicksPerSecond,
                   List<ProbeSpec> probes, int eventLoops, Path out, Path histogramOut, Map<String, String> meta,
                   Duration windows, URI waitReady) {

  enum Mode { OPEN, CLOSED }

  /** {@code NAME@RATE@URL[@BODY_FILE]}: GET the URL (or POST the body) RATE times a second. */
  record ProbeSpec(String name, double rate, URI url, byte[] body) {
  }

  static final String USAGE = """
      usage: LoadGen --url=URL [--body=FILE] (--rate=R | --concurrency=C) [options]
        --url=URL                target; POST with --body, else GET
        --body=FILE              request body (JSON); content-type application/json
        --rate=R                 OPEN loop: R requests/s at fixed intended send times; latency is
                                 measured from the intended time (no coordinated omission)
        --concurrency=C          CLOSED loop: C requests in flight; latency from the actual send
        --connections=N          keep-alive pool size (default: open 256, closed = concurrency)
        --warmup=5s --duration=20s --tail=4s
                                 load runs warmup + duration + tail; only the duration window is
                                 measured; results are written before the tail ends, so the caller
                                 can inspect the target (heap, RSS) while it is still under load
        --timeout=10s            per request
        --expect-codes=A,B       GraphQL error codes this scenario expects (not counted as errors)
        --pid=NAME:PID           read /proc/PID/stat at the window's start and end (repeatable)
        --clk-tck=100            clock ticks per second of /proc/PID/stat (getconf CLK_TCK)
        --probe=NAME@RATE@URL[@BODY_FILE]
                                 a low-rate side stream measured over the same window (repeatable)
        --event-loops=1          the generator's own event loops
        --out=FILE               result JSON (written atomically)
        --hgrm=FILE              HdrHistogram percentile distribution of the main stream, in ms
        --meta=KEY=VALUE         copied into the result (repeatable)
        --windows=1s             also report each slice of the window: requests, errors, p50/p99, and the
                                 CPU of each --pid read at the slice's edges ("windows" in the result)
        --wait-ready=URL         poll URL (every 10 ms) until it answers 200, then start the load: the
                                 load begins the moment a target turns ready
      """;

  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m)");

  static LoadOptions parse(String[] args) throws IOException {
    Map<String, List<String>> values = new LinkedHashMap<>();
    for (String arg : args) {
      if (!arg.startsWith("--") || arg.indexOf('=') < 0) {
        throw new IllegalArgumentException("expected --name=value, got '" + arg + "'");
      }
      int eq = arg.indexOf('=');
      values.computeIfAbsent(arg.substring(2, eq), k -> new ArrayList<>()).add(arg.substring(eq + 1));
    }
    Set<String> known = Set.of("url", "body", "rate", "concurrency", "connections", "warmup", "duration", "tail",
        "timeout", "expect-codes", "pid", "clk-tck", "probe", "event-loops", "out", "hgrm", "meta", "windows",
        "wait-ready");
    for (String name : values.keySet()) {
      if (!known.contains(name)) {
        throw new IllegalArgumentException("unknown option --" + name);
      }
    }
    String url = one(values, "url", null);
    if (url == null) {
      throw new IllegalArgumentException("--url is required");
    }
    String bodyFile = one(values, "body", null);
    String rate = one(values, "rate", null);
    String concurrency = one(values, "concurrency", null);
    if ((rate == null) == (concurrency == null)) {
      throw new IllegalArgumentException("give exactly one of --rate (open loop) and --concurrency (closed loop)");
    }
    Mode mode = rate != null ? Mode.OPEN : Mode.CLOSED;
    int c = concurrency == null ? 0 : Integer.parseInt(concurrency);
    int connections = Integer.parseInt(one(values, "connections", String.valueOf(mode == Mode.OPEN ? 256 : c)));
    Map<String, Long> pids = new LinkedHashMap<>();
    for (String p : values.getOrDefault("pid", List.of())) {
      String[] parts = p.split(":", 2);
      pids.put(parts[0], Long.parseLong(parts[1]));
    }
    List<ProbeSpec> probes = new ArrayList<>();
    for (String p : values.getOrDefault("probe", List.of())) {
      String[] parts = p.split("@", 4);
      if (parts.length < 3) {
        throw new IllegalArgumentException("--probe=NAME@RATE@URL[@BODY_FILE], got '" + p + "'");
      }
      probes.add(new ProbeSpec(parts[0], Double.parseDouble(parts[1]), URI.create(parts[2]),
          parts.length == 4 ? Files.readAllBytes(Path.of(parts[3])) : null));
    }
    Map<String, String> meta = new LinkedHashMap<>();
    for (String m : values.getOrDefault("meta", List.of())) {
      int eq = m.indexOf('=');
      meta.put(eq < 0 ? m : m.substring(0, eq), eq < 0 ? "" : m.substring(eq + 1));
    }
    String codes = one(values, "expect-codes", "");
    String hgrm = one(values, "hgrm", null);
    String out = one(values, "out", null);
    return new LoadOptions(URI.create(url), bodyFile == null ? null : Files.readAllBytes(Path.of(bodyFile)), mode,
        rate == null ? 0 : Double.parseDouble(rate), c, connections,
        duration(one(values, "warmup", "5s")), duration(one(values, "duration", "20s")),
        duration(one(values, "tail", "4s")), duration(one(values, "timeout", "10s")),
        codes.isBlank() ? Set.of() : Set.of(codes.split(",")), pids,
        Long.parseLong(one(values, "clk-tck", "100")), probes,
        Integer.parseInt(one(values, "event-loops", "1")),
        out == null ? null : Path.of(out), hgrm == null ? null : Path.of(hgrm), meta,
        values.containsKey("windows") ? duration(one(values, "windows", null)) : null,
        values.containsKey("wait-ready") ? URI.create(one(values, "wait-ready", null)) : null);
  }

  private static String one(Map<String, List<String>> values, String name, String fallback) {
    List<String> v = values.get(name);
    if (v == null) {
      return fallback;
    }
    if (v.size() > 1) {
      throw new IllegalArgumentException("--" + name + " is given twice");
    }
    return v.get(0);
  }

  static Duration duration(String text) {
    Matcher m = DURATION.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a duration: '" + text + "' (e.g. 500ms, 20s, 10m)");
    }
    double n = Double.parseDouble(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofNanos((long) (n * 1e6));
      case "s" -> Duration.ofNanos((long) (n * 1e9));
      default -> Duration.ofNanos((long) (n * 60e9));
    };
  }
}

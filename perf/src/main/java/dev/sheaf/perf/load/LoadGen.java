package dev.sheaf.perf.load;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The perf harness's load generator. One phase per run: warm-up, measured window, tail.
 *
 * <p><b>Open loop</b> ({@code --rate}): a pacer thread computes each request's intended send time from
 * the schedule ({@code start + i / rate}) and hands it to the event loop; the latency of a request is
 * measured from that intended time, so a stalled target is charged for every request it delayed
 * (no coordinated omission). <b>Closed loop</b> ({@code --concurrency}): C requests always in flight,
 * each sent as the previous one finishes; it finds the saturation throughput.
 *
 * <p>The result JSON is written as soon as every request of the measured window has finished; the load
 * then goes on for {@code --tail}, so the caller can read the target's heap and RSS under the same load.
 */
public final class LoadGen {

  private static final long START_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(300);
  /** How long the generator warms its own client before it waits for a target to turn ready. */
  private static final long SELF_WARMUP_NANOS = TimeUnit.SECONDS.toNanos(5);
  /** Its requests in flight at once, each on a connection of its own. */
  private static final int SELF_WARMUP_LANES = 16;

  private final LoadOptions options;
  private volatile long stopAt = Long.MAX_VALUE;

  private LoadGen(LoadOptions options) {
    this.options = options;
  }

  public static void main(String[] args) throws Exception {
    LoadOptions options;
    try {
      options = LoadOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.print(LoadOptions.USAGE);
      System.exit(2);
      return;
    }
    new LoadGen(options).run();
    System.exit(0);
  }

  private void run() throws Exception {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(options.eventLoops()));
    Context loop = vertx.getOrCreateContext();
    if (options.waitReady() != null) {
      // The first seconds after ready are what is measured: the generator's own client must not be cold then.
      warmOwnClient(vertx, loop);
    }
    long readyAt = options.waitReady() == null ? 0 : waitReady(options.waitReady());
    // From ready on, the schedule starts at once: the first seconds are what is measured.
    long start = readyAt != 0 ? readyAt : System.nanoTime() + START_DELAY_NANOS;
    long windowStart = start + options.warmup().toNanos();
    long windowEnd = windowStart + options.duration().toNanos();

    Target main = new Target(vertx, options.url(), options.body(), options.connections(),
        new ResponseCheck(options.expectedCodes(), options.body() != null), options.requestTimeout().toMillis(),
        new Recorder(windowStart, windowEnd));
    Map<String, Target> probes = new LinkedHashMap<>();
    for (LoadOptions.ProbeSpec p : options.probes()) {
      probes.put(p.name(), new Target(vertx, p.url(), p.body(), 4,
          new ResponseCheck(options.expectedCodes(), p.body() != null), options.requestTimeout().toMillis(),
          new Recorder(windowStart, windowEnd)));
    }

    CpuWindow cpu = new CpuWindow(options.pids(), windowStart, windowEnd);
    cpu.start();
    SliceCpu sliceCpu = null;
    if (options.windows() != null) {
      main.recorder().slices(options.windows().toNanos());
      sliceCpu = new SliceCpu(options.pids(), windowStart, options.windows().toNanos(),
          main.recorder().windows().count());
      sliceCpu.start();
    }
    List<Thread> pacers = new ArrayList<>();
    if (options.mode() == LoadOptions.Mode.OPEN) {
      pacers.add(pacer("pacer", loop, main, options.rate(), start));
    } else {
      loop.runOnContext(v -> {
        for (int i = 0; i < options.concurrency(); i++) {
          vertx.setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(start - System.nanoTime())), t -> closedLoop(main));
        }
      });
    }
    options.probes().forEach(p -> pacers.add(pacer("probe-" + p.name(), loop, probes.get(p.name()), p.rate(), start)));
    pacers.forEach(Thread::start);

    // Wait for the window to end and for every request of it to finish (or time out).
    sleepUntil(windowEnd);
    long giveUp = System.nanoTime() + options.requestTimeout().toNanos() + TimeUnit.SECONDS.toNanos(2);
    while (System.nanoTime() < giveUp && onLoop(loop, () -> outstanding(main, probes)) > 0) {
      Thread.sleep(20);
    }
    cpu.join();
    JsonObject result = onLoop(loop, () -> result(main, probes, cpu));
    if (sliceCpu != null) {
      sliceCpu.join();
      SliceCpu slices = sliceCpu;
      JsonArray windows = onLoop(loop, () -> main.recorder().windows().toJson());
      for (int i = 0; i < windows.size(); i++) {
        windows.getJsonObject(i).put("cpuSeconds", slices.seconds(i, options.clockTicksPerSecond(), false))
            .put("jitSeconds", slices.seconds(i, options.clockTicksPerSecond(), true));
      }
      result.put("windowSliceSeconds", options.windows().toNanos() / 1e9).put("windows", windows);
      if (readyAt != 0) {
        result.put("readyEpochMillis", System.currentTimeMillis() - (System.nanoTime() - readyAt) / 1_000_000);
      }
    }
    write(result);
    if (options.histogramOut() != null) {
      try (PrintStream out = new PrintStream(Files.newOutputStream(options.histogramOut()))) {
        onLoop(loop, () -> {
          main.recorder().writeDistribution(out);
          return null;
        });
      }
    }
    printSummary(result);

    // The tail: same load, so whoever reads the result can inspect the target under load.
    stopAt = System.nanoTime() + options.tail().toNanos();
    for (Thread t : pacers) {
      t.join();
    }
    sleepUntil(stopAt);
    Thread.sleep(200);
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  /**
   * Runs the generator's own sending, checking and recording code against a server in this process (never
   * the target) until it is compiled, so that a measurement from a target's first ready second charges the
   * target, not the generator's class loading and interpreter. Its answers are as large as a home screen's.
   */
  private void warmOwnClient(Vertx vertx, Context loop) throws Exception {
    Buffer answer = Buffer.buffer("{\"data\":{\"pad\":\"" + "x".repeat(3000) + "\"}}");
    HttpServer server = vertx.createHttpServer()
        .requestHandler(request -> request.body().onComplete(body -> request.response()
            .putHeader("content-type", "application/graphql-response+json").end(answer)))
        .listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    Target own = new Target(vertx, URI.create("http://127.0.0.1:" + server.actualPort() + "/graphql"),
        options.body(), SELF_WARMUP_LANES, new ResponseCheck(options.expectedCodes(), options.body() != null), 5000,
        new Recorder(System.nanoTime(), System.nanoTime() + 2 * SELF_WARMUP_NANOS));
    long until = System.nanoTime() + SELF_WARMUP_NANOS;
    CompletableFuture<Void> done = new CompletableFuture<>();
    AtomicInteger lanes = new AtomicInteger(SELF_WARMUP_LANES);
    loop.runOnContext(v -> {
      for (int i = 0; i < SELF_WARMUP_LANES; i++) {
        selfLoop(own, until, lanes, done);
      }
    });
    done.get(SELF_WARMUP_NANOS + TimeUnit.SECONDS.toNanos(10), TimeUnit.NANOSECONDS);
    own.close();
    server.close().await(10, TimeUnit.SECONDS);
  }

  private static void selfLoop(Target own, long until, AtomicInteger lanes, CompletableFuture<Void> done) {
    if (System.nanoTime() >= until) {
      if (lanes.decrementAndGet() == 0) {
        done.complete(null);
      }
      return;
    }
    own.send(System.nanoTime(), () -> selfLoop(own, until, lanes, done));
  }

  /** Polls the URL until it answers 200; the moment it did (nanoTime). Gives up after two minutes. */
  private static long waitReady(URI url) throws Exception {
    java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
        .connectTimeout(java.time.Duration.ofSeconds(1)).build();
    java.net.http.HttpRequest ask = java.net.http.HttpRequest.newBuilder(url)
        .timeout(java.time.Duration.ofSeconds(1)).build();
    long giveUp = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (System.nanoTime() < giveUp) {
      try {
        if (http.send(ask, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return System.nanoTime();
        }
      } catch (java.io.IOException e) {
        // not listening yet
      }
      Thread.sleep(10);
    }
    throw new IllegalStateException(url + " did not answer 200 within two minutes");
  }

  /** Paces one open-loop stream: the intended times come from the schedule, never from the responses. */
  private Thread pacer(String name, Context loop, Target target, double rate, long start) {
    Thread t = new Thread(() -> {
      for (long i = 0; ; i++) {
        long intended = start + (long) (i * 1e9 / rate);
        if (intended >= stopAt) {
          return;
        }
        long wait = intended - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
        loop.runOnContext(v -> target.send(intended, null));
      }
    }, name);
    t.setDaemon(true);
    return t;
  }

  private void closedLoop(Target target) {
    long now = System.nanoTime();
    if (now >= stopAt) {
      return;
    }
    target.send(now, () -> closedLoop(target));
  }

  private static long outstanding(Target main, Map<String, Target> probes) {
    long n = main.recorder().outstandingInWindow();
    for (Target p : probes.values()) {
      n += p.recorder().outstandingInWindow();
    }
    return n;
  }

  private JsonObject result(Target main, Map<String, Target> probes, CpuWindow cpu) {
    double seconds = options.duration().toNanos() / 1e9;
    JsonObject probeResults = new JsonObject();
    probes.forEach((name, t) -> probeResults.put(name, t.recorder().summary(seconds)));
    JsonObject meta = new JsonObject();
    options.meta().forEach(meta::put);
    JsonObject cpuJson = new JsonObject();
    cpu.seconds(options.clockTicksPerSecond(), 0).forEach(cpuJson::put);
    JsonObject systemJson = new JsonObject();
    cpu.seconds(options.clockTicksPerSecond(), 2).forEach(systemJson::put);
    JsonObject busy = new JsonObject();
    cpu.cpuShare(0).forEach(busy::put);
    JsonObject steal = new JsonObject();
    cpu.cpuShare(2).forEach(steal::put);
    return new JsonObject()
        .put("meta", meta)
        .put("mode", options.mode().name().toLowerCase())
        .put("url", options.url().toString())
        .put("targetRate", options.rate())
        .put("concurrency", options.concurrency())
        .put("connections", options.connections())
        .put("warmupSeconds", options.warmup().toNanos() / 1e9)
        .put("windowSeconds", seconds)
        .put("expectedCodes", new JsonArray(options.expectedCodes().stream().sorted().toList()))
        .put("main", main.recorder().summary(seconds))
        .put("probes", probeResults)
        .put("cpuSeconds", cpuJson)
        .put("cpuSystemSeconds", systemJson)
        .put("cpuSecondsByThreadKind", cpu.byThreadKind(options.clockTicksPerSecond()))
        .put("cpuWindowSeconds", cpu.wallSeconds())
        .put("windowStartEpochMillis", cpu.startEpochMillis)
        .put("windowEndEpochMillis", cpu.endEpochMillis)
        .put("cpuBusy", busy)
        .put("cpuSteal", steal);
  }

  private void write(JsonObject result) throws IOException {
    if (options.out() == null) {
      return;
    }
    Path tmp = options.out().resolveSibling(options.out().getFileName() + ".tmp");
    Files.writeString(tmp, result.encodePrettily());
    Files.move(tmp, options.out(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static void printSummary(JsonObject result) {
    JsonObject main = result.getJsonObject("main");
    JsonObject lat = main.getJsonObject("latencyMs");
    JsonObject meta = result.getJsonObject("meta");
    System.out.printf("%s, %s: %.0f req/s, p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, errors %d of %d%n",
        meta.getString("scenario", result.getString("url")), meta.getString("load", result.getString("mode")),
        main.getDouble("throughput"), lat.getDouble("p50"), lat.getDouble("p99"), lat.getDouble("p999"),
        main.getLong("errors"), main.getLong("requests"));
  }

  /** Runs a read of the recorders on their event loop (they are confined to it) and waits. */
  private static <T> T onLoop(Context loop, java.util.function.Supplier<T> read) throws Exception {
    CompletableFuture<T> f = new CompletableFuture<>();
    loop.runOnContext(v -> {
      try {
        f.complete(read.get());
      } catch (RuntimeException e) {
        f.completeExceptionally(e);
      }
    });
    return f.get(30, TimeUnit.SECONDS);
  }

  private static void sleepUntil(long nanoTime) throws InterruptedException {
    long wait;
    while ((wait = nanoTime - System.nanoTime()) > 0) {
      TimeUnit.NANOSECONDS.sleep(Math.min(wait, TimeUnit.MILLISECONDS.toNanos(100)));
    }
  }

  /**
   * CPU time of the named processes at each slice's edges, read as close to them as the thread wakes:
   * total (utime + stime of the process) and the JIT compiler threads' share.
   */
  private static final class SliceCpu extends Thread {
    private final Map<String, Long> pids;
    private final long from;
    private final long slice;
    private final int count;
    private final Map<String, long[]> total = new LinkedHashMap<>();
    private final Map<String, long[]> jit = new LinkedHashMap<>();

    SliceCpu(Map<String, Long> pids, long from, long slice, int count) {
      super("cpu-slices");
      setDaemon(true);
      this.pids = pids;
      this.from = from;
      this.slice = slice;
      this.count = count;
      pids.keySet().forEach(name -> {
        total.put(name, new long[count + 1]);
        jit.put(name, new long[count + 1]);
      });
    }

    @Override
    public void run() {
      try {
        for (int edge = 0; edge <= count; edge++) {
          sleepUntil(from + edge * slice);
          int at = edge;
          pids.forEach((name, pid) -> {
            long[] t = ProcStat.cpuTicks(pid);
            total.get(name)[at] = t[0] < 0 ? -1 : t[0] + t[1];
            jit.get(name)[at] = ProcStat.ticksByThreadKind(pid).getOrDefault("jit", 0L);
          });
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    /** Seconds of CPU of each process in slice {@code i} (-1 when unreadable). */
    JsonObject seconds(int i, long ticksPerSecond, boolean jitOnly) {
      JsonObject out = new JsonObject();
      (jitOnly ? jit : total).forEach((name, edges) -> out.put(name,
          edges[i] < 0 || edges[i + 1] < 0 ? -1.0 : (edges[i + 1] - edges[i]) / (double) ticksPerSecond));
      return out;
    }
  }

  /** CPU time of the named processes (and of this generator) between the window's start and end. */
  private static final class CpuWindow extends Thread {
    private final Map<String, Long> pids;
    private final long from;
    private final long to;
    private final Map<String, long[]> before = new LinkedHashMap<>();
    private final Map<String, long[]> after = new LinkedHashMap<>();
    private final Map<String, Map<String, Long>> threadsBefore = new LinkedHashMap<>();
    private final Map<String, Map<String, Long>> threadsAfter = new LinkedHashMap<>();
    private long wallNanos;
    private long startEpochMillis;
    private long endEpochMillis;
    private Map<String, long[]> cpusBefore = Map.of();
    private Map<String, long[]> cpusAfter = Map.of();

    CpuWindow(Map<String, Long> pids, long from, long to) {
      super("cpu-window");
      setDaemon(true);
      this.pids = new LinkedHashMap<>(pids);
      this.pids.put("loadgen", ProcStat.selfPid());
      this.from = from;
      this.to = to;
    }

    @Override
    public void run() {
      try {
        sleepUntil(from);
        long t0 = System.nanoTime();
        startEpochMillis = System.currentTimeMillis();
        pids.forEach((name, pid) -> before.put(name, ProcStat.cpuTicks(pid)));
        pids.forEach((name, pid) -> threadsBefore.put(name, ProcStat.ticksByThreadKind(pid)));
        cpusBefore = ProcStat.cpuJiffies();
        sleepUntil(to);
        pids.forEach((name, pid) -> after.put(name, ProcStat.cpuTicks(pid)));
        pids.forEach((name, pid) -> threadsAfter.put(name, ProcStat.ticksByThreadKind(pid)));
        cpusAfter = ProcStat.cpuJiffies();
        wallNanos = System.nanoTime() - t0;
        endEpochMillis = System.currentTimeMillis();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    /** Seconds of CPU per process and thread kind (event loops, JIT, GC, other) over the window. */
    JsonObject byThreadKind(long ticksPerSecond) {
      JsonObject out = new JsonObject();
      threadsAfter.forEach((name, afterTicks) -> {
        Map<String, Long> beforeTicks = threadsBefore.getOrDefault(name, Map.of());
        JsonObject kinds = new JsonObject();
        afterTicks.forEach((kind, t) -> kinds.put(kind, Math.max(0, t - beforeTicks.getOrDefault(kind, 0L))
            / (double) ticksPerSecond));
        out.put(name, kinds);
      });
      return out;
    }

    /**
     * How busy each CPU of the machine was over the window, 0..1 (whoever used it).
     *
     * @param field 0: busy (steal included), 2: stolen by the hypervisor
     */
    Map<String, Double> cpuShare(int field) {
      Map<String, Double> out = new LinkedHashMap<>();
      cpusAfter.forEach((cpu, after) -> {
        long[] before = cpusBefore.get(cpu);
        if (before != null && after[1] > before[1]) {
          out.put(cpu, (after[field] - before[field]) / (double) (after[1] - before[1]));
        }
      });
      return out;
    }

    double wallSeconds() {
      return wallNanos / 1e9;
    }

    /**
     * Seconds of CPU per process over the window; -1 when it could not be read.
     *
     * @param field 0: user + system, 1: user, 2: system (kernel: system calls, network)
     */
    Map<String, Double> seconds(long ticksPerSecond, int field) {
      Map<String, Double> out = new LinkedHashMap<>();
      before.forEach((name, b) -> {
        long[] a = after.get(name);
        if (a == null || b[0] < 0 || a[0] < 0) {
          out.put(name, -1.0);
          return;
        }
        long ticks = field == 0 ? (a[0] + a[1]) - (b[0] + b[1]) : a[field - 1] - b[field - 1];
        out.put(name, ticks / (double) ticksPerSecond);
      });
      return out;
    }
  }
}

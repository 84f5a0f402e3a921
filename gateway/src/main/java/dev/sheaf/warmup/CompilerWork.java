package dev.sheaf.warmup;

import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * How long the JIT compiler has worked so far, to tell when it has gone quiet.
 *
 * <p>Where the OS tells (Linux), this is the CPU time of the JVM's C1 and C2 compiler threads, read from
 * {@code /proc/self/task}: it grows while a compilation runs. The JVM's own figure
 * ({@link CompilationMXBean#getTotalCompilationTime()}) only grows when a compilation ends, so one large
 * optimizing compilation on a busy core (seconds, at times) looks like a quiet compiler, and a warm-up
 * that trusted it ended long before its code was compiled. Elsewhere that figure is what there is.
 *
 * <p>Reads files: call it off the event loops. Not thread-safe: one caller at a time.
 */
final class CompilerWork {

  private static final Path TASKS = Path.of("/proc/self/task");

  private final CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
  private final Map<String, Long> byThread = new HashMap<>();
  private long ofEndedThreads;
  private boolean fromThreads = Files.isDirectory(TASKS);

  /** Whether there is any measure at all (a JVM without a JIT compiler has none). */
  boolean available() {
    return fromThreads || (jit != null && jit.isCompilationTimeMonitoringSupported());
  }

  /** Nanoseconds the compiler has worked since the JVM started (compiler threads that ended included). */
  long workedNanos() {
    if (fromThreads) {
      try {
        return compilerThreadsNanos();
      } catch (IOException | RuntimeException e) {
        fromThreads = false; // not the /proc this expects: the JVM's figure from now on
      }
    }
    return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() * 1_000_000 : 0;
  }

  private long compilerThreadsNanos() throws IOException {
    Map<String, Long> now = new HashMap<>();
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
      for (Path task : tasks) {
        String name;
        String schedstat;
        try {
          name = Files.readString(task.resolve("comm")).strip();
          if (!name.startsWith("C1 CompilerThre") && !name.startsWith("C2 CompilerThre")) {
            continue;
          }
          schedstat = Files.readString(task.resolve("schedstat")).strip();
        } catch (IOException ended) {
          continue; // the thread ended while being read
        }
        now.put(task.getFileName().toString(), Long.parseLong(schedstat.substring(0, schedstat.indexOf(' '))));
      }
    }
    if (now.isEmpty() && byThread.isEmpty() && ofEndedThreads == 0) {
      // None by the names HotSpot's C1 and C2 threads have (another JIT, e.g. Graal's, names them otherwise):
      // reading none would look like a compiler that never works.
      throw new IllegalStateException("no compiler threads found");
    }
    // Compiler threads come and go with the work queued: what an ended one did still counts.
    byThread.forEach((thread, nanos) -> {
      if (!now.containsKey(thread)) {
        ofEndedThreads += nanos;
      }
    });
    byThread.clear();
    byThread.putAll(now);
    long total = ofEndedThreads;
    for (long nanos : now.values()) {
      total += nanos;
    }
    return total;
  }
}

package dev.sheaf.perf.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** CPU time of a process (all its threads: event loops, JIT, GC) from {@code /proc/PID/stat}. */
final class ProcStat {

  private ProcStat() {
  }

  /** {utime, stime} in clock ticks, or {-1, -1} when the process is gone or this is not Linux. */
  static long[] cpuTicks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      // The command name (field 2) may contain spaces; count fields after its closing parenthesis.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};  // fields 14 (utime) and 15 (stime)
    } catch (IOException | RuntimeException e) {
      return new long[] {-1, -1};
    }
  }

  /**
   * Busy, total and stolen jiffies of each CPU from {@code /proc/stat} ({@code cpu0}, {@code cpu1}, …): busy
   * counts user, nice, system, irq, softirq and steal (time the hypervisor gave to another guest); total
   * adds idle and iowait. Empty when unreadable.
   */
  static Map<String, long[]> cpuJiffies() {
    Map<String, long[]> out = new LinkedHashMap<>();
    try {
      for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
        if (!line.startsWith("cpu") || line.startsWith("cpu ")) {
          continue;
        }
        String[] f = line.trim().split("\\s+");
        long user = Long.parseLong(f[1]);
        long nice = Long.parseLong(f[2]);
        long system = Long.parseLong(f[3]);
        long idle = Long.parseLong(f[4]);
        long iowait = Long.parseLong(f[5]);
        long irq = Long.parseLong(f[6]);
        long softirq = Long.parseLong(f[7]);
        long steal = f.length > 8 ? Long.parseLong(f[8]) : 0;
        long busy = user + nice + system + irq + softirq + steal;
        out.put(f[0], new long[] {busy, busy + idle + iowait, steal});
      }
    } catch (IOException | RuntimeException e) {
      out.clear();
    }
    return out;
  }

  /**
   * CPU ticks (utime + stime) of a process's threads, summed by kind: {@code eventloop} (Vert.x event
   * loops), {@code jit} (C1/C2 compiler threads), {@code gc} (the VM thread, which runs Serial/Parallel
   * collections, and GC worker threads) and {@code other}. Empty when unreadable.
   */
  static Map<String, Long> ticksByThreadKind(long pid) {
    Map<String, Long> out = new LinkedHashMap<>();
    try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
      for (Path task : tasks.toList()) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          out.merge(threadKind(name), Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
        } catch (IOException | RuntimeException e) {
          // the thread ended meanwhile
        }
      }
    } catch (IOException | RuntimeException e) {
      out.clear();
    }
    return out;
  }

  static String threadKind(String name) {
    if (name.startsWith("vert.x-eventloo")) {
      return "eventloop";
    }
    if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
      return "jit";
    }
    if (name.equals("VM Thread") || name.startsWith("GC Thread") || name.startsWith("G1 ")
        || name.startsWith("VM Periodic")) {
      return "gc";
    }
    return "other";
  }

  static long selfPid() {
    return ProcessHandle.current().pid();
  }
}

package dev.sheaf.server;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The share of its CPUs the gateway's process used between two reads, the JIT compiler's time left
 * out: 1.0 is every CPU the JVM may run on ({@link Runtime#availableProcessors}) busy all the time.
 * Counts the event loops, GC and the rest, since all of them take the time a request waits for. The
 * compiler is left out because a gateway still compiling after a start is slow, not overloaded: counted,
 * it would turn users away for the compiler's sake for the first seconds of every deploy. Read by one
 * thread.
 */
final class CpuShare {

  private final LongSupplier cpuNanos;
  private final LongSupplier compileNanos;
  private final LongSupplier wallNanos;
  private final int cpus;
  private long lastCpu;
  private long lastCompile;
  private long lastWall;

  CpuShare(LongSupplier cpuNanos, LongSupplier compileNanos, LongSupplier wallNanos, int cpus) {
    this.cpuNanos = cpuNanos;
    this.compileNanos = compileNanos;
    this.wallNanos = wallNanos;
    this.cpus = Math.max(1, cpus);
    this.lastCpu = cpuNanos.getAsLong();
    this.lastCompile = compileNanos.getAsLong();
    this.lastWall = wallNanos.getAsLong();
  }

  /** This process's; a JVM that cannot tell its CPU time reads as idle, one without a JIT as never compiling. */
  static CpuShare ofThisProcess() {
    LongSupplier cpu = ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os ? os::getProcessCpuTime : () -> 0L;
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    LongSupplier compile = jit != null && jit.isCompilationTimeMonitoringSupported()
        ? () -> TimeUnit.MILLISECONDS.toNanos(jit.getTotalCompilationTime()) : () -> 0L;
    return new CpuShare(cpu, compile, System::nanoTime, Runtime.getRuntime().availableProcessors());
  }

  /** The share used since the last call (or since it was made). */
  double sinceLastRead() {
    long cpu = cpuNanos.getAsLong();
    long compile = compileNanos.getAsLong();
    long wall = wallNanos.getAsLong();
    long used = Math.max(0, (cpu - lastCpu) - (compile - lastCompile));
    double share = wall > lastWall ? used / ((wall - lastWall) * (double) cpus) : 0;
    lastCpu = cpu;
    lastCompile = compile;
    lastWall = wall;
    return share;
  }
}

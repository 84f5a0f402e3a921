package dev.sheaf.server;

import java.lang.management.ManagementFactory;
import java.util.function.LongSupplier;

/**
 * The share of its CPUs the gateway's process used between two reads: 1.0 is every CPU the JVM may
 * run on ({@link Runtime#availableProcessors}) busy all the time. Counts every thread (event loops,
 * GC, JIT compiler), since all of them take the time a request waits for. Read by one thread.
 */
final class CpuShare {

  private final LongSupplier cpuNanos;
  private final LongSupplier wallNanos;
  private final int cpus;
  private long lastCpu;
  private long lastWall;

  CpuShare(LongSupplier cpuNanos, LongSupplier wallNanos, int cpus) {
    this.cpuNanos = cpuNanos;
    this.wallNanos = wallNanos;
    this.cpus = Math.max(1, cpus);
    this.lastCpu = cpuNanos.getAsLong();
    this.lastWall = wallNanos.getAsLong();
  }

  /** This process's, or an always-idle one where the JVM cannot tell its CPU time. */
  static CpuShare ofThisProcess() {
    LongSupplier cpu = ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os ? os::getProcessCpuTime : () -> 0L;
    return new CpuShare(cpu, System::nanoTime, Runtime.getRuntime().availableProcessors());
  }

  /** The share used since the last call (or since it was made). */
  double sinceLastRead() {
    long cpu = cpuNanos.getAsLong();
    long wall = wallNanos.getAsLong();
    double share = wall > lastWall ? (double) (cpu - lastCpu) / ((wall - lastWall) * (double) cpus) : 0;
    lastCpu = cpu;
    lastWall = wall;
    return share;
  }
}

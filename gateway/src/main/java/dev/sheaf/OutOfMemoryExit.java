package dev.sheaf;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.vertx.core.Vertx;
import java.lang.management.ManagementFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JVM out of heap must exit so that its orchestrator restarts it: one that keeps running answers
 * nothing, not even /health, and cannot even dispatch SIGTERM. {@code -XX:+ExitOnOutOfMemoryError}
 * does that for every thread; this covers the errors that reach a thread's top or an event loop's
 * context when the flag is missing, and says at start that it is missing.
 */
final class OutOfMemoryExit {

  private static final Logger LOG = LoggerFactory.getLogger(OutOfMemoryExit.class);
  /** What the JVM itself exits with under -XX:+ExitOnOutOfMemoryError. */
  private static final int STATUS = 3;

  private OutOfMemoryExit() {
  }

  static void install(Vertx vertx) {
    Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler((thread, error) -> {
      haltOnOutOfMemory(error);
      if (previous != null) {
        previous.uncaughtException(thread, error);
      } else {
        LOG.error("uncaught in thread {}", thread.getName(), error);
      }
    });
    vertx.exceptionHandler(error -> {
      haltOnOutOfMemory(error);
      LOG.error("unhandled in an event loop", error);
    });
  }

  private static void haltOnOutOfMemory(Throwable error) {
    if (error instanceof OutOfMemoryError) {
      // halt, not exit: shutdown hooks would need memory and threads the JVM no longer has.
      System.err.println("Sheaf: out of memory (" + error.getMessage() + "); exiting");
      Runtime.getRuntime().halt(STATUS);
    }
  }

  /** Says so when the JVM flag is missing; once ready, as reading it loads the management classes. */
  static void warnIfTheJvmFlagIsMissing() {
    if (!jvmExitsOnItsOwn()) {
      LOG.warn("the JVM runs without -XX:+ExitOnOutOfMemoryError: add it, so that a gateway out of memory exits "
          + "and is restarted instead of hanging");
    }
  }

  private static boolean jvmExitsOnItsOwn() {
    try {
      HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      return hotSpot != null && ("true".equals(hotSpot.getVMOption("ExitOnOutOfMemoryError").getValue())
          || "true".equals(hotSpot.getVMOption("CrashOnOutOfMemoryError").getValue()));
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      return true; // not a HotSpot JVM: nothing to read, so say nothing about it
    }
  }
}

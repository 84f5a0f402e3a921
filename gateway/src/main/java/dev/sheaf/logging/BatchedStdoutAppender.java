package dev.sheaf.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Writes the log to stdout in batches: lines gather in a buffer that goes out in one write when it is
 * full, every {@link #FLUSH_INTERVAL_MILLIS} ms, at once for a warning or an error, and at shutdown.
 * A console appender makes one write call per line, on the thread that logs (an event loop, for the
 * access log): at hundreds of requests a second, writing each line cost as much CPU as making it. No
 * line is dropped: a full buffer is written out by the thread that logs. From the JVM's shutdown on,
 * every line is written at once; only a JVM killed outright (SIGKILL, out of memory) loses the last
 * {@link #FLUSH_INTERVAL_MILLIS} ms.
 */
final class BatchedStdoutAppender extends OutputStreamAppender<ILoggingEvent> {

  static final long FLUSH_INTERVAL_MILLIS = 100;
  private static final int BUFFER_BYTES = 64 * 1024;

  private final Thread flushAtShutdown = new Thread(this::flushEveryLineFromNowOn, "sheaf-log-shutdown-flush");
  private ScheduledExecutorService flusher;
  private volatile boolean flushEachLine;

  @Override
  public void start() {
    setImmediateFlush(false);
    setOutputStream(new BufferedOutputStream(new CurrentStdout(), BUFFER_BYTES));
    flusher = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "sheaf-log-flush");
      thread.setDaemon(true);
      return thread;
    });
    flusher.scheduleWithFixedDelay(this::flush, FLUSH_INTERVAL_MILLIS, FLUSH_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    Runtime.getRuntime().addShutdownHook(flushAtShutdown);
    super.start();
  }

  @Override
  public void stop() {
    if (flusher != null) {
      flusher.shutdownNow();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(flushAtShutdown);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs, or ran, already
    }
    super.stop(); // closes the buffer, which writes what it holds
  }

  @Override
  protected void subAppend(ILoggingEvent event) {
    super.subAppend(event);
    // Read after the line is in the buffer: a shutdown that begins now flushes it, or this thread does.
    if (flushEachLine || event.getLevel().isGreaterOrEqual(Level.WARN)) {
      flush();
    }
  }

  private void flushEveryLineFromNowOn() {
    flushEachLine = true;
    flush();
  }

  private void flush() {
    OutputStream out = getOutputStream();
    try {
      if (out != null) {
        out.flush(); // the buffer is synchronized: safe beside a thread that logs
      }
    } catch (IOException e) {
      addError("could not write the log to stdout", e);
    }
  }

  /**
   * Whatever {@code System.out} is when the buffer is written (a test may replace it), never closed
   * with the appender: the JVM's stdout outlives any one log setup.
   */
  private static final class CurrentStdout extends OutputStream {

    @Override
    public void write(int b) {
      System.out.write(b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
      System.out.write(bytes, offset, length);
    }

    @Override
    public void flush() {
      System.out.flush();
    }

    @Override
    public void close() {
      flush();
    }
  }
}

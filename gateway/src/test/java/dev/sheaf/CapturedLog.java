package dev.sheaf;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * What the gateway logs while it is open: Logback's console appender writes to whatever
 * {@code System.err} (the tests' logback-test.xml, at warn) or {@code System.out} (the gateway's own
 * setup) is when it logs. Restores the real stream on close.
 */
final class CapturedLog implements AutoCloseable {

  private final boolean stderr;
  private final PrintStream originalOut = System.out;
  private final PrintStream originalErr = System.err;
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

  /**
   * Captures stderr, where the tests' log goes, and stdout, where it goes once the gateway's own
   * log setup is applied (a {@code --check} applies it, so a test does not know which it will be).
   */
  CapturedLog() {
    this(true);
  }

  private CapturedLog(boolean stderr) {
    this.stderr = stderr;
    // Still shown on the real streams, so a failing run keeps its log.
    System.setOut(new PrintStream(new TeeStream(originalOut, captured), true, StandardCharsets.UTF_8));
    if (stderr) {
      System.setErr(new PrintStream(new TeeStream(originalErr, captured), true, StandardCharsets.UTF_8));
    }
  }

  /** Captures stdout only, where the gateway's own log setup writes. */
  static CapturedLog stdout() {
    return new CapturedLog(false);
  }

  String text() {
    synchronized (captured) {
      return captured.toString(StandardCharsets.UTF_8);
    }
  }

  @Override
  public void close() {
    System.setOut(originalOut);
    if (stderr) {
      System.setErr(originalErr);
    }
  }

  private static final class TeeStream extends java.io.OutputStream {
    private final PrintStream first;
    private final ByteArrayOutputStream second;

    TeeStream(PrintStream first, ByteArrayOutputStream second) {
      this.first = first;
      this.second = second;
    }

    @Override
    public void write(int b) {
      first.write(b);
      synchronized (second) {
        second.write(b);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) {
      first.write(b, off, len);
      synchronized (second) {
        second.write(b, off, len);
      }
    }
  }
}

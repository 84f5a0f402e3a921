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

  private final boolean stdout;
  private final PrintStream original;
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

  /** Captures stderr, where the tests' log goes. */
  CapturedLog() {
    this(false);
  }

  private CapturedLog(boolean stdout) {
    this.stdout = stdout;
    this.original = stdout ? System.out : System.err;
    // Still shown on the real stream, so a failing run keeps its log.
    PrintStream tee = new PrintStream(new TeeStream(original, captured), true, StandardCharsets.UTF_8);
    if (stdout) {
      System.setOut(tee);
    } else {
      System.setErr(tee);
    }
  }

  /** Captures stdout, where the gateway's own log setup writes. */
  static CapturedLog stdout() {
    return new CapturedLog(true);
  }

  String text() {
    synchronized (captured) {
      return captured.toString(StandardCharsets.UTF_8);
    }
  }

  @Override
  public void close() {
    if (stdout) {
      System.setOut(original);
    } else {
      System.setErr(original);
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

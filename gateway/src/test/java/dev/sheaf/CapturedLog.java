package dev.sheaf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * What the gateway logs while it is open: Logback's console appender writes to whatever
 * {@code System.err} (the tests' logback-test.xml, at warn) or {@code System.out} (the gateway's own
 * setup, which a test that runs {@code Main} installs for the rest of its JVM) is when it logs, so
 * both are captured unless a test asks for stdout alone. Restores the real streams on close.
 */
final class CapturedLog implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final boolean withMessages;
  private final PrintStream originalErr;
  private final PrintStream originalOut;
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

  /** Captures stderr, where the tests' log goes, and stdout, where the gateway's own log setup writes. */
  CapturedLog() {
    this(true, true);
  }

  private CapturedLog(boolean err, boolean out) {
    this.withMessages = err && out;
    this.originalErr = err ? System.err : null;
    this.originalOut = out ? System.out : null;
    // Still shown on the real streams, so a failing run keeps its log.
    if (err) {
      System.setErr(new PrintStream(new TeeStream(originalErr, captured), true, StandardCharsets.UTF_8));
    }
    if (out) {
      System.setOut(new PrintStream(new TeeStream(originalOut, captured), true, StandardCharsets.UTF_8));
    }
  }

  /** Captures stdout alone, where the gateway's own log setup writes. */
  static CapturedLog stdout() {
    return new CapturedLog(false, true);
  }

  /**
   * Everything logged; from both streams, then the message of each JSON line once more, unescaped: a
   * test finds a message whether the log is text (the tests' setup) or JSON lines (the gateway's, once
   * a test has run {@code Main}). From stdout alone, the lines as written.
   */
  String text() {
    String raw;
    synchronized (captured) {
      raw = captured.toString(StandardCharsets.UTF_8);
    }
    if (!withMessages) {
      return raw;
    }
    StringBuilder text = new StringBuilder(raw);
    raw.lines().filter(line -> line.startsWith("{\"")).forEach(line -> {
      try {
        JsonNode message = JSON.readTree(line).get("message");
        if (message != null) {
          text.append('\n').append(message.asText());
        }
      } catch (java.io.IOException notJson) {
        // a line that only looks like JSON: it is in the raw text already
      }
    });
    return text.toString();
  }

  @Override
  public void close() {
    if (originalErr != null) {
      System.setErr(originalErr);
    }
    if (originalOut != null) {
      System.setOut(originalOut);
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

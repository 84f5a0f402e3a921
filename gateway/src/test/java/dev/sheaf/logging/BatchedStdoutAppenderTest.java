package dev.sheaf.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Lines batched on their way to stdout still all get there: soon by themselves, at once behind a
 * warning, and when the appender stops (as the log setup is replaced, or the JVM shuts down).
 */
class BatchedStdoutAppenderTest {

  private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  private PrintStream realStdout;
  private LoggerContext context;
  private BatchedStdoutAppender appender;
  private Logger log;

  @BeforeEach
  void start() {
    realStdout = System.out;
    System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
    context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter()); // a context of its own, not the tests' log
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%level %msg%n");
    encoder.start();
    appender = new BatchedStdoutAppender();
    appender.setContext(context);
    appender.setEncoder(encoder);
    appender.start();
    log = context.getLogger("batched");
    log.addAppender(appender);
  }

  @AfterEach
  void restore() {
    appender.stop();
    System.setOut(realStdout);
  }

  @Test
  void aLineReachesStdoutWithinTheFlushInterval() throws InterruptedException {
    log.info("line one");

    long until = System.nanoTime() + 10_000_000_000L;
    while (!written().contains("INFO line one") && System.nanoTime() < until) {
      Thread.sleep(10);
    }
    assertThat(written()).isEqualTo("INFO line one\n");
  }

  @Test
  void aWarningIsWrittenAtOnceWithTheLinesBeforeIt() {
    for (int i = 0; i < 100; i++) {
      log.info("line {}", i);
    }
    log.warn("trouble");

    String written = written();
    assertThat(written.lines()).hasSize(101).startsWith("INFO line 0").endsWith("WARN trouble");
  }

  @Test
  void stoppingWritesWhatTheBufferHolds() {
    for (int i = 0; i < 100; i++) {
      log.info("line {}", i);
    }
    appender.stop();

    assertThat(written().lines()).hasSize(100).endsWith("INFO line 99");
    log.info("after the stop"); // a stopped appender takes no more lines: nothing is half-written
    assertThat(written()).doesNotContain("after the stop");
  }

  private String written() {
    synchronized (stdout) {
      return stdout.toString(StandardCharsets.UTF_8);
    }
  }
}

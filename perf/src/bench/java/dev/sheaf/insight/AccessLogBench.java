package dev.sheaf.insight;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import dev.sheaf.config.LogsConfig;
import dev.sheaf.logging.LogSetup;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.slf4j.LoggerFactory;

/**
 * One home-screen request's access log line, as the gateway writes it: {@code AccessLog.write} through
 * Logback and the gateway's JSON encoder (credential masking included), into a stream that discards
 * it ({@code sink=discard}: the line's making alone), into {@code /dev/null} ({@code sink=devnull}: with
 * one write call per line, as on stdout) or into a file ({@code sink=file}: the write call copies the line,
 * as when stdout is a file), or through the gateway's own appender to a stdout that is a file
 * ({@code sink=stdout}: its lines batched, written by its flusher thread too, which JMH's time per
 * operation does not see: compare process CPU). In the gateway's package: AccessLog is package-private.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AccessLogBench {

  private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(AccessLog.LOGGER);

  @Param({"discard", "devnull", "file", "stdout"})
  public String sink;

  private FinishedRequest request;

  @Setup
  public void setup() throws IOException {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    LogSetup.install(context, new LogsConfig(LogsConfig.Format.JSON, Map.of()));
    request = homeScreen();
    if (sink.equals("stdout")) {
      System.setOut(new PrintStream(new FileOutputStream(temporaryFile()), false, StandardCharsets.UTF_8));
      return;
    }
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    OutputStreamAppender<ILoggingEvent> stdout = (OutputStreamAppender<ILoggingEvent>) root.getAppender("stdout");
    OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    appender.setContext(context);
    appender.setName("bench");
    appender.setEncoder(stdout.getEncoder());
    appender.setOutputStream(switch (sink) {
      case "devnull" -> new FileOutputStream("/dev/null");
      case "file" -> new FileOutputStream(temporaryFile());
      default -> OutputStream.nullOutputStream();
    });
    appender.start();
    root.detachAppender(stdout);
    root.addAppender(appender);
  }

  private static File temporaryFile() throws IOException {
    File file = File.createTempFile("access-log-bench", ".log");
    file.deleteOnExit();
    return file;
  }

  /** The home screen's request: five calls over two levels, as the sample shop answers it. */
  static FinishedRequest homeScreen() {
    List<RecordedCall> calls = List.of(
        call("users", "GET /users/{args.id}", 0, 6_210_000),
        call("orders", "GET /users/{source.id}/orders", 6_500_000, 3_580_000),
        call("recommendations", "GET /users/{source.id}/recommendations", 6_500_000, 3_670_000),
        call("catalog", "GET /products", 10_300_000, 6_670_000),
        call("inventory", "inventory.v1.InventoryService/GetStock", 10_300_000, 11_210_000));
    return new FinishedRequest("5e1c0c8a-9b2d-4f60-8a7e-2b3c4d5e6f70", null, System.currentTimeMillis(), "GET", "rest",
        "/api/v1/home/{userId}", "Home", "query", 200, 21_770_000, Outcome.COMPLETE, calls, 0);
  }

  private static RecordedCall call(String backend, String route, long start, long duration) {
    return new RecordedCall(backend, route, start, duration, "ok", 0, 0, List.of(), 0, null);
  }

  @Benchmark
  public void writeLine() {
    AccessLog.write(LOG, request);
  }
}

package dev.sheaf.mock.perf;

import dev.sheaf.mock.MockMain;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The mock backends as the perf harness runs them: the shop's five services exactly as
 * {@link MockMain} starts them (same flags), plus the perf-only endpoints of {@link PerfEndpoints} on
 * their own port, in ONE process, so the harness measures the mock side's CPU in one place.
 *
 * <pre>
 * java -cp demo/target/sheaf-demo.jar dev.sheaf.mock.perf.PerfMockMain --latency=10ms [--perf.port=7110] [MockMain flags]
 * </pre>
 *
 * {@code --perf.port} (default 7110) and {@code --perf.latency} (default: the common {@code --latency})
 * are read here; every other flag goes to {@link MockMain}.
 */
public final class PerfMockMain {

  static final int DEFAULT_PORT = 7110;
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s)?");

  private PerfMockMain() {
  }

  public static void main(String[] args) throws Exception {
    int port = DEFAULT_PORT;
    String host = "127.0.0.1";
    Long latencyMs = null;
    Long commonLatencyMs = null;
    List<String> mockArgs = new ArrayList<>();
    for (String arg : args) {
      if (arg.startsWith("--perf.port=")) {
        port = Integer.parseInt(arg.substring("--perf.port=".length()));
      } else if (arg.startsWith("--perf.latency=")) {
        latencyMs = millis(arg.substring("--perf.latency=".length()));
      } else {
        if (arg.startsWith("--latency=")) {
          commonLatencyMs = millis(arg.substring("--latency=".length()));
        } else if (arg.startsWith("--host=")) {
          host = arg.substring("--host=".length());
        }
        mockArgs.add(arg);
      }
    }
    long latency = latencyMs != null ? latencyMs : commonLatencyMs != null ? commonLatencyMs : 0;
    // Returns once the shop's services listen (it exits the JVM if they cannot start).
    MockMain.main(mockArgs.toArray(String[]::new));
    // One event loop is enough for these few cached answers.
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true).setEventLoopPoolSize(1));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> vertx.close(), "perf-mock-shutdown"));
    try {
      vertx.createHttpServer()
          .requestHandler(new PerfEndpoints(latency).router(vertx))
          .listen(port, host)
          .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      System.err.println("error: the perf endpoints cannot listen on " + host + ":" + port + ": " + e.getMessage());
      System.exit(1);
    }
    System.out.println("perf endpoints listening on http://" + host + ":" + port + "/perf with latency " + latency + " ms");
  }

  private static long millis(String text) {
    Matcher m = DURATION.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a duration: '" + text + "' (e.g. 10ms, 1s, 250)");
    }
    long n = Long.parseLong(m.group(1));
    return "s".equals(m.group(2)) ? n * 1000 : n;
  }
}

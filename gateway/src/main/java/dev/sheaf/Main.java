package dev.sheaf;

import dev.sheaf.backend.grpc.ReflectionFailures;
import dev.sheaf.config.ConfigException;
import dev.sheaf.config.GatewayConfig;
import dev.sheaf.config.GatewayConfigLoader;
import dev.sheaf.logging.LogSetup;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the gateway. With {@code --check}, checks the configuration instead and exits with the
 * check's status (see {@link ConfigurationCheck}): a configuration check for CI, and the training run
 * of the build's class-data archive (which thereby holds the request path).
 */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);
  private static final String NETTY_JFR = "io.netty.jfr.enabled";
  private static final String CHECK_REFLECTION = "--check-reflection";
  /** A check that warms up too: the training run of a class-data archive or an AOT cache. */
  private static final String CHECK_WARMUP = "--check-warmup";

  private Main() {
  }

  /**
   * What runs before the gateway in the same process, and how it adjusts the configuration: the
   * demo's mock backends, for instance. {@link #NONE} for the gateway alone.
   */
  public interface Prelude {
    Prelude NONE = new Prelude() {
    };

    /** Starts what the gateway needs first; the gateway starts once it succeeds. */
    default Future<?> start(Vertx vertx) {
      return Future.succeededFuture();
    }

    /** The configuration to start with, given the one the file, environment and flags make. */
    default GatewayConfig adjust(GatewayConfig config) {
      return config;
    }
  }

  public static void main(String[] args) {
    launch(args, Prelude.NONE);
  }

  /** Starts the gateway as {@link #main} does, after {@code prelude}. */
  public static void launch(String[] args, Prelude prelude) {
    // Netty's buffer allocator registers its JFR event types on the first allocation: 0.1-0.2 s of a
    // one-core start. Whoever records with JFR can turn them back on with -Dio.netty.jfr.enabled=true.
    if (System.getProperty(NETTY_JFR) == null) {
      System.setProperty(NETTY_JFR, "false");
    }
    List<String> flags = Arrays.asList(args);
    if (flags.contains("--help")) {
      LOG.info("usage: java -jar sheaf.jar [--check [--against=DIR] [--check-reflection] [--check-warmup]] [--FLAG=VALUE …]; flags: {} "
          + "(each also from its SHEAF_ variable or the config file: see the README, \"Configuration\")",
          String.join(" ", GatewayConfigLoader.SETTINGS.stream().filter(setting -> setting.flag() != null)
              .map(setting -> setting.flag() + "=").toList()));
      return;
    }
    if (flags.contains("--check")) {
      // The only exit of a check, from the main thread: nothing of the check runs on an event loop.
      System.exit(check(args, prelude, System.getenv()));
      return;
    }
    GatewayConfig config;
    try {
      config = prelude.adjust(new GatewayConfigLoader().load(args, System.getenv()));
      againstOf(args, false);
      LogSetup.apply(config.observability().logs());
    } catch (ConfigException e) {
      fail(e);
      return;
    }
    serve(config, prelude, args);
  }

  /**
   * The configuration check {@code --check} runs; returns its exit status instead of exiting.
   *
   * @param env the environment the configuration's variables are read from
   */
  static int check(String[] args, Prelude prelude, Map<String, String> env) {
    GatewayConfig config;
    Path against;
    try {
      config = prelude.adjust(new GatewayConfigLoader().load(args, env));
      against = againstOf(args, true);
      LogSetup.apply(config.observability().logs());
    } catch (ConfigException e) {
      logStartFailure(e);
      return ConfigurationCheck.FAILED;
    }
    // In CI the teams' backends do not run: their server reflection is reported unverified unless asked for.
    ReflectionFailures reflection = Arrays.asList(args).contains(CHECK_REFLECTION) ? ReflectionFailures.FAIL_START
        : ReflectionFailures.WARN_NOT_VERIFIED;
    boolean warmUp = Arrays.asList(args).contains(CHECK_WARMUP);
    return new ConfigurationCheck(config, against, reflection, warmUp, prelude, env).run();
  }

  /**
   * The previous configuration {@code --against=DIR} names, or null; refuses the check's flags
   * when not {@code checking}.
   */
  private static Path againstOf(String[] args, boolean checking) {
    Path against = null;
    for (String arg : args) {
      if (arg.startsWith(GatewayConfigLoader.AGAINST)) {
        String dir = arg.substring(GatewayConfigLoader.AGAINST.length());
        if (dir.isBlank()) {
          throw new ConfigException("--against= needs the previous configuration's folder, e.g. --against=../live");
        }
        against = Path.of(dir);
      }
    }
    if (against != null && !checking) {
      throw new ConfigException("--against compares the schema with a previous configuration's during a "
          + "configuration check; add --check");
    }
    if (!checking && Arrays.asList(args).contains(CHECK_WARMUP)) {
      throw new ConfigException(CHECK_WARMUP + " is for a configuration check (a gateway that serves warms up as "
          + "warmup.enabled says); add --check");
    }
    if (!checking && Arrays.asList(args).contains(CHECK_REFLECTION)) {
      throw new ConfigException(CHECK_REFLECTION + " is for a configuration check (a gateway that serves always "
          + "requires its backends' server reflection); add --check");
    }
    return against;
  }

  private static void serve(GatewayConfig effective, Prelude prelude, String[] args) {
    long started = System.nanoTime();
    // Native epoll on Linux when available (falls back to NIO elsewhere).
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
    OutOfMemoryExit.install(vertx);
    // A reload reads the config file, environment and flags again, exactly as this start did.
    Supplier<GatewayConfig> reread = () -> prelude.adjust(new GatewayConfigLoader().load(args, System.getenv()));
    prelude.start(vertx).compose(before -> Sheaf.start(vertx, effective, reread, ReflectionFailures.FAIL_START))
        .onSuccess(sheaf -> {
          // Listening now; ready (the warm-up over, /ready answering 200) a little later when it warms up.
          sheaf.ready().onSuccess(ready -> {
            LOG.info("Sheaf ready on http://{}:{}/graphql in {} ms (event loops: {}; admin routes on port {})",
                displayHost(effective.host()), sheaf.port(), (System.nanoTime() - started) / 1_000_000,
                effective.eventLoops(), sheaf.adminPort());
            OutOfMemoryExit.warnIfTheJvmFlagIsMissing();
          });
          // SIGTERM (e.g. a rolling deploy): readiness goes down, the requests in flight finish, then exit.
          reloadOnHangup(sheaf);
          Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("Sheaf stopping: finishing the requests in flight (up to {} ms)",
                effective.shutdownGrace().toMillis());
            // Both awaited here, off the event loops: Vert.x cannot report its own close on a loop it stopped.
            try {
              sheaf.close().await();
            } catch (RuntimeException e) {
              LOG.warn("Sheaf did not stop cleanly: {}", e.toString());
            }
            vertx.close().await();
          }));
        })
        .onFailure(e -> {
          fail(e);
          vertx.close();
        });
  }

  /** SIGHUP (kill -HUP, an orchestrator's config push) reloads the configuration, as POST /reload does. */
  @SuppressWarnings("removal")
  private static void reloadOnHangup(Sheaf sheaf) {
    try {
      sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> sheaf.reload("SIGHUP"));
    } catch (IllegalArgumentException e) {
      LOG.info("no SIGHUP on this platform: reload with POST /reload on the admin port");
    }
  }

  private static String displayHost(String host) {
    return "0.0.0.0".equals(host) ? "localhost" : host;
  }

  /** Says why the gateway could not start, naming the fix where there is one. */
  static void logStartFailure(Throwable e) {
    if (e instanceof ConfigException) {
      LOG.error("Sheaf cannot start: {}", e.getMessage());
    } else if (e instanceof java.net.BindException
        || String.valueOf(e.getMessage()).contains("Address already in use")) {
      LOG.error("Sheaf cannot start: a port it needs is already in use ({}); stop the other process, or choose "
          + "another port with --port (the demo's backends use 7101-7106)", e.getMessage());
    } else {
      LOG.error("Sheaf cannot start", e);
    }
  }

  private static void fail(Throwable e) {
    logStartFailure(e);
    // Exit from a fresh thread: System.exit runs shutdown hooks, which must not run on an event loop.
    new Thread(() -> System.exit(1)).start();
  }
}

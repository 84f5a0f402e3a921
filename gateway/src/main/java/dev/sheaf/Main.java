package dev.sheaf;

import dev.sheaf.config.ConfigException;
import dev.sheaf.config.GatewayConfig;
import dev.sheaf.config.GatewayConfigLoader;
import dev.sheaf.server.SelfProbe;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the gateway. With {@code --check}, starts the
 * gateway on an ephemeral loopback port, asks it for /ready and a trivial query over HTTP and exits
 * (status 0), or exits with status 1 when it failed to start or to answer: a configuration check for
 * CI, and the training run of the build's class-data archive (which thereby holds the request path).
 */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);
  private static final String NETTY_JFR = "io.netty.jfr.enabled";

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
      LOG.info("usage: java -jar sheaf.jar [--check] [--config=sheaf.yaml] [--port=4000] [--host=0.0.0.0] "
          + "[--schema=schema] [--resolvers=resolvers] [--deadline=5s] [--max-deadline=30s] [--body-limit=1048576] "
          + "[--event-loops=N] [--cors-origins=https://app.example.com,…] [--shutdown-grace=10s]");
      return;
    }
    GatewayConfig config;
    try {
      config = new GatewayConfigLoader().load(args, System.getenv());
    } catch (ConfigException e) {
      fail(e);
      return;
    }
    long started = System.nanoTime();
    // Native epoll on Linux when available (falls back to NIO elsewhere).
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
    OutOfMemoryExit.install(vertx);
    boolean check = flags.contains("--check");
    GatewayConfig adjusted = prelude.adjust(config);
    // A check must not collide with a gateway already serving on the configured port.
    GatewayConfig effective = check ? adjusted.withHost("127.0.0.1").withPort(0).withAdminPort(0) : adjusted;
    // A reload reads the config file, environment and flags again, exactly as this start did.
    Supplier<GatewayConfig> reread = () -> {
      GatewayConfig again = prelude.adjust(new GatewayConfigLoader().load(args, System.getenv()));
      return check ? again.withHost("127.0.0.1").withPort(0).withAdminPort(0) : again;
    };
    prelude.start(vertx).compose(before -> Sheaf.start(vertx, effective, reread))
        .onSuccess(sheaf -> {
          if (check) {
            SelfProbe.probe(vertx, sheaf.port())
                .onSuccess(answers -> LOG.info("Sheaf configuration OK: schema {}, resolvers {} (started in {} ms; "
                        + "/ready answered {}, { __typename } answered {})", effective.schemaDir(),
                    effective.resolversDir(), (System.nanoTime() - started) / 1_000_000, answers.ready(),
                    answers.query()))
                .onFailure(e -> LOG.error("Sheaf started but does not answer over HTTP: {}", e.getMessage()))
                .eventually(sheaf::close)
                .onComplete(probed -> new Thread(() -> System.exit(probed.succeeded() ? 0 : 1)).start());
            return;
          }
          LOG.info("Sheaf ready on http://{}:{}/graphql in {} ms (event loops: {}; admin routes on port {})",
              displayHost(effective.host()), sheaf.port(), (System.nanoTime() - started) / 1_000_000,
              effective.eventLoops(), sheaf.adminPort());
          OutOfMemoryExit.warnIfTheJvmFlagIsMissing();
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

  private static void fail(Throwable e) {
    if (e instanceof ConfigException) {
      LOG.error("Sheaf cannot start: {}", e.getMessage());
    } else if (e instanceof java.net.BindException
        || String.valueOf(e.getMessage()).contains("Address already in use")) {
      LOG.error("Sheaf cannot start: a port it needs is already in use ({}); stop the other process, or choose "
          + "another port with --port (the demo's backends use 7101-7106)", e.getMessage());
    } else {
      LOG.error("Sheaf cannot start", e);
    }
    // Exit from a fresh thread: System.exit runs shutdown hooks, which must not run on an event loop.
    new Thread(() -> System.exit(1)).start();
  }
}

package dev.sheaf;

import dev.sheaf.auth.AuthConfig;
import dev.sheaf.auth.AuthMode;
import dev.sheaf.auth.AuthSpec;
import dev.sheaf.config.ConfigException;
import dev.sheaf.config.GatewayConfig;
import dev.sheaf.config.GatewayConfigLoader;
import dev.sheaf.mock.MockBackends;
import dev.sheaf.mock.MockOptions;
import dev.sheaf.mock.idp.MockIdentityProvider;
import dev.sheaf.server.SelfProbe;
import java.nio.file.Path;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the gateway. With {@code --demo}, first starts the sample shop backends on their fixed
 * ports, so the sample schema and bindings work out of the box. With {@code --check}, starts the
 * gateway on an ephemeral loopback port, asks it for /ready and a trivial query over HTTP and exits
 * (status 0), or exits with status 1 when it failed to start or to answer: a configuration check for
 * CI, and the training run of the build's class-data archive (which thereby holds the request path).
 */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);
  private static final String NETTY_JFR = "io.netty.jfr.enabled";

  private Main() {
  }

  public static void main(String[] args) {
    // Netty's buffer allocator registers its JFR event types on the first allocation: 0.1-0.2 s of a
    // one-core start. Whoever records with JFR can turn them back on with -Dio.netty.jfr.enabled=true.
    if (System.getProperty(NETTY_JFR) == null) {
      System.setProperty(NETTY_JFR, "false");
    }
    List<String> flags = Arrays.asList(args);
    if (flags.contains("--help")) {
      LOG.info("usage: java -jar sheaf.jar [--demo] [--check] [--config=sheaf.yaml] [--port=4000] [--host=0.0.0.0] "
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
    boolean demo = flags.contains("--demo");
    boolean check = flags.contains("--check");
    Future<?> mocks = demo ? startDemoBackends(vertx) : Future.succeededFuture();
    GatewayConfig withDemo = demo && config.auth() == null ? config.withAuth(demoAuth()) : config;
    // A check must not collide with a gateway already serving on the configured port.
    GatewayConfig effective = check ? withDemo.withHost("127.0.0.1").withPort(0) : withDemo;
    mocks.compose(m -> Sheaf.start(vertx, effective))
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
          LOG.info("Sheaf ready on http://{}:{}/graphql in {} ms (event loops: {})", displayHost(effective.host()),
              sheaf.port(), (System.nanoTime() - started) / 1_000_000, effective.eventLoops());
          OutOfMemoryExit.warnIfTheJvmFlagIsMissing();
          // SIGTERM (e.g. a rolling deploy): readiness goes down, the requests in flight finish, then exit.
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

  /** The sample shop's mock backends and identity provider, on their documented fixed ports. */
  private static Future<?> startDemoBackends(Vertx vertx) {
    return MockBackends.start(vertx, MockOptions.fixedPorts())
        .onSuccess(m -> m.all().forEach(s -> LOG.info("demo backend {} on {}", s.name(), s.listensOn())))
        .compose(m -> MockIdentityProvider.start(vertx, "127.0.0.1", MockIdentityProvider.DEFAULT_PORT))
        .onSuccess(idp -> LOG.info("demo identity provider {}: POST {}/token mints tokens", idp.issuer(),
            idp.issuer()));
  }

  /** The demo accepts anonymous callers and tokens of the demo identity provider. */
  private static AuthConfig demoAuth() {
    String issuer = "http://127.0.0.1:" + MockIdentityProvider.DEFAULT_PORT;
    AuthSpec spec = new AuthSpec(AuthMode.OPTIONAL, null, null, null, null, null, null, null, List.of(
        new AuthSpec.IssuerSpec(issuer, issuer + "/.well-known/jwks.json", null, null, null,
            List.of(MockIdentityProvider.DEFAULT_AUDIENCE), null)));
    return AuthConfig.from(spec, Path.of("(demo)"));
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

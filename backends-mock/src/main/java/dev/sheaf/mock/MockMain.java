package dev.sheaf.mock;

import dev.sheaf.mock.idp.MockIdentityProvider;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * Runs the mock shop backends standalone, for the README demo and the perf harness:
 * {@code java -cp demo/target/sheaf-demo.jar dev.sheaf.mock.MockMain --latency=10ms --orders.errorStatus=503}
 * (add {@code --inventory.grpcStatus=UNAVAILABLE} to fail the gRPC inventory).
 * Stops on SIGINT or SIGTERM. Exit codes: 2 for bad arguments, 1 if the services cannot start.
 */
public final class MockMain {

  private static final Logger LOG = LoggerFactory.getLogger(MockMain.class);
  private static final long TIMEOUT_SECONDS = 30;

  private MockMain() {
  }

  public static void main(String[] args) {
    MockCommandLine commandLine;
    try {
      commandLine = MockCommandLine.parse(args);
    } catch (IllegalArgumentException e) {
      // A command line tool talks to its user on the terminal, not through the log.
      System.err.println("error: " + e.getMessage());
      System.err.print(MockCommandLine.USAGE);
      System.exit(2);
      return;
    }
    if (commandLine.helpRequested()) {
      System.out.print(MockCommandLine.USAGE);
      return;
    }
    // Native epoll on Linux: a 10 ms latency knob fires ~0.17 ms late at p50, against ~0.28 ms on the
    // JDK selector (a latency knob should mean what it says).
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
    // Vert.x's threads keep the JVM alive; closing Vert.x on exit closes the servers cleanly.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> close(vertx), "mock-backends-shutdown"));
    try {
      MockBackends backends = await(MockBackends.start(
          vertx, commandLine.options(), commandLine.knobsByService(), commandLine.inventoryKnobs()));
      backends.all().forEach(service ->
          LOG.info("{} listening on {} with knobs {}", service.name(), service.listensOn(), service.knobsJson()));
      int idpPort = commandLine.options().usesFixedPorts() ? MockIdentityProvider.DEFAULT_PORT : 0;
      MockIdentityProvider idp = await(MockIdentityProvider.start(vertx, commandLine.options().host(), idpPort));
      LOG.info("identity provider {} (JWKS {}; POST /token mints demo tokens)", idp.issuer(), idp.jwksUrl());
    } catch (Exception e) {
      LOG.error("could not start the mock backends", e);
      System.exit(1);
    }
  }

  private static void close(Vertx vertx) {
    try {
      await(vertx.close());
      LOG.info("mock backends stopped");
    } catch (Exception e) {
      LOG.warn("could not close Vert.x cleanly", e);
    }
  }

  /** Blocking is fine here: this runs on the main or the shutdown thread, never on an event loop. */
  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }
}

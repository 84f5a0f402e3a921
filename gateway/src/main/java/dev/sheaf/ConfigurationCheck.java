package dev.sheaf;

import dev.sheaf.backend.grpc.ReflectionFailures;
import dev.sheaf.check.CompatibilityReport;
import dev.sheaf.check.SchemaCompatibility;
import dev.sheaf.config.ConfigException;
import dev.sheaf.config.GatewayConfig;
import dev.sheaf.config.WarmupConfig;
import dev.sheaf.server.SelfProbe;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --check}: optionally compares the schema with a previous configuration's ({@code --against}),
 * then starts the gateway on an ephemeral loopback port and asks it for /ready and a trivial query
 * over HTTP. Runs on the calling thread, which it blocks: never on an event loop. Returns the exit
 * status rather than exiting, so that only {@code main} ends the process.
 */
final class ConfigurationCheck {

  /** Everything checks out. */
  static final int OK = 0;
  /** The configuration does not load, start or answer. */
  static final int FAILED = 1;

  private static final Logger LOG = LoggerFactory.getLogger(ConfigurationCheck.class);

  private final GatewayConfig config;
  private final Path against;
  private final ReflectionFailures reflection;
  private final boolean warmUp;
  private final Main.Prelude prelude;
  private final Map<String, String> env;

  /**
   * @param against    the previous configuration or its schema folder; null to compare with nothing
   * @param reflection whether a gRPC backend whose server reflection cannot be read (not running in
   *                   CI, say) fails the check or is reported as not verified
   * @param warmUp     whether the check warms up before it probes, for {@code warmup.duration}: a training
   *                   run then records the request path's classes and the JIT's profiles of it
   */
  ConfigurationCheck(GatewayConfig config, Path against, ReflectionFailures reflection, boolean warmUp,
                     Main.Prelude prelude, Map<String, String> env) {
    this.config = config;
    this.against = against;
    this.reflection = reflection;
    this.warmUp = warmUp;
    this.prelude = prelude;
    this.env = env;
  }

  /**
   * @return {@value #OK}; {@value CompatibilityReport#BREAKING_EXIT_STATUS} when the schema change
   *         breaks the previous schema's clients (whether or not the start succeeds: a stored operation
   *         the change broke stops the start too); else {@value #FAILED} when it does not start or answer
   */
  int run() {
    CompatibilityReport report = null;
    if (against != null) {
      try {
        report = new SchemaCompatibility(config, env).against(against);
      } catch (ConfigException e) {
        LOG.error("Sheaf cannot compare the schemas: {}", e.getMessage());
        return FAILED;
      }
      String text = String.join(System.lineSeparator(), report.lines());
      if (report.breaking()) {
        LOG.error(text);
      } else {
        LOG.info(text);
      }
    }
    int started = startAndProbe();
    if (report != null && report.breaking()) {
      LOG.error("Sheaf configuration check: the change breaks clients of the previous schema ({}); exit status {}",
          report.previousSchema(), report.exitStatus());
      return report.exitStatus();
    }
    return started;
  }

  private int startAndProbe() {
    long started = System.nanoTime();
    // A check must not collide with a gateway already serving on the configured port.
    // No warm-up unless asked: a check asks whether the configuration starts and answers, not how fast it then is.
    GatewayConfig effective = config.withHost("127.0.0.1").withPort(0).withAdminPort(0)
        .withWarmup(warmUp ? new WarmupConfig(true, config.warmup().duration()) : WarmupConfig.OFF);
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
    OutOfMemoryExit.install(vertx);
    try {
      Sheaf sheaf;
      try {
        sheaf = prelude.start(vertx).compose(before -> Sheaf.start(vertx, effective, reflection)).await();
      } catch (Exception e) {
        Main.logStartFailure(e);
        return FAILED;
      }
      try {
        sheaf.ready().await(); // at once without a warm-up
        SelfProbe.Answers answers = SelfProbe.probe(vertx, sheaf.port()).await();
        LOG.info("Sheaf configuration OK: schema {}, resolvers {} (started in {} ms; /ready answered {}, "
                + "{ __typename } answered {})", effective.schemaDir(), effective.resolversDir(),
            (System.nanoTime() - started) / 1_000_000, answers.ready(), answers.query());
        return OK;
      } catch (Exception e) {
        LOG.error("Sheaf started but does not answer over HTTP: {}", e.getMessage());
        return FAILED;
      } finally {
        sheaf.close().await();
      }
    } finally {
      vertx.close().await();
    }
  }
}

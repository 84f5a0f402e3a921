package dev.sheaf.demo;

import dev.sheaf.Main;
import dev.sheaf.auth.AuthConfig;
import dev.sheaf.auth.AuthMode;
import dev.sheaf.auth.AuthSpec;
import dev.sheaf.config.GatewayConfig;
import dev.sheaf.config.GraphiQLConfig;
import dev.sheaf.config.WarmupConfig;
import dev.sheaf.mock.MockBackends;
import dev.sheaf.mock.MockOptions;
import dev.sheaf.mock.idp.MockIdentityProvider;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo: the sample shop's mock backends and identity provider on their documented fixed ports,
 * then the stock gateway on the sample configuration (schema/, resolvers/ and its plugin), in one
 * process. Takes the gateway's own flags.
 */
public final class DemoMain {

  private static final Logger LOG = LoggerFactory.getLogger(DemoMain.class);
  private static final Duration DEMO_WARMUP = Duration.ofSeconds(10);

  private DemoMain() {
  }

  public static void main(String[] args) {
    // --demo was the gateway's switch for this; the demo jar needs none, but accepts it.
    String[] gatewayArgs = Arrays.stream(args).filter(a -> !a.equals("--demo")).toArray(String[]::new);
    // GraphiQL is on in the demo unless a flag or variable says otherwise.
    boolean graphiqlChosen = Arrays.stream(gatewayArgs).anyMatch(a -> a.startsWith("--graphiql"))
        || System.getenv("SHEAF_GRAPHIQL") != null;
    Main.launch(gatewayArgs, new Main.Prelude() {
      @Override
      public Future<?> start(Vertx vertx) {
        return startBackends(vertx);
      }

      @Override
      public GatewayConfig adjust(GatewayConfig config) {
        // Anyone may ask the demo for a request's plan (Sheaf-Debug: plan): it is there to be looked at.
        GatewayConfig debugging = config.withInsight(config.insight().withDebugEnabled(true));
        GatewayConfig withGraphiQL = graphiqlChosen ? debugging : debugging.withGraphiQL(new GraphiQLConfig(true));
        // A demo is there to be looked at: a shorter warm-up than a production start's, unless one was set.
        WarmupConfig warmup = withGraphiQL.warmup();
        GatewayConfig demo = warmup.duration().equals(WarmupConfig.DEFAULT_DURATION)
            ? withGraphiQL.withWarmup(new WarmupConfig(warmup.enabled(), DEMO_WARMUP)) : withGraphiQL;
        return demo.auth() == null ? demo.withAuth(demoAuth()) : demo;
      }
    });
  }

  private static Future<?> startBackends(Vertx vertx) {
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
}

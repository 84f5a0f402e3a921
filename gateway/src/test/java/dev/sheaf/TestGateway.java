package dev.sheaf;

import dev.sheaf.auth.AuthConfig;
import dev.sheaf.auth.AuthMode;
import dev.sheaf.auth.AuthSpec;
import dev.sheaf.config.GatewayConfig;
import dev.sheaf.config.WarmupConfig;
import dev.sheaf.mock.Knobs;
import dev.sheaf.mock.MockBackends;
import dev.sheaf.mock.MockOptions;
import dev.sheaf.mock.idp.MockIdentityProvider;
import dev.sheaf.resolver.JavaResolvers;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real gateway and the real mock backends, in process on random ports, for tests that talk
 * to them over HTTP; optionally with the mock identity provider as the gateway's trusted issuer.
 * Blocking helpers are for the test thread only.
 *
 * <p>Either started by hand ({@link #start()}, closed by the test), or one per test class as a JUnit
 * extension: {@code @RegisterExtension static final TestGateway gateway = TestGateway.perClass();}
 * starts before the class's first test, resets every mock's knobs and counts before each test, and
 * closes after the last.
 */
public final class TestGateway implements AutoCloseable, BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

  static final Path SCHEMA = Path.of("schema");
  public static final Path RESOLVERS = Path.of("resolvers");
  /** The audience the gateway requires of the identity provider's tokens. */
  public static final String AUDIENCE = "sheaf";

  private final GatewayConfig base;
  private final Path schema;
  private final Path resolvers;
  private final AuthMode trustIdentityProvider;  // null: no identity provider
  // Set once the gateway is up: at start(), or before the class's first test.
  public Vertx vertx;
  public MockBackends mocks;
  public MockIdentityProvider idp;
  public Sheaf sheaf;
  public WebClient client;
  private GatewayConfig config;  // what the gateway was started with, for replicas

  private final Map<String, String> varOverrides; // over the mocks' addresses, e.g. a test's own backend
  // Tests start without the warm-up (it would add its seconds to every start) unless they ask for it.
  private boolean warmingUp;

  private TestGateway(GatewayConfig base, Path resolvers, AuthMode trustIdentityProvider) {
    this(base, SCHEMA, resolvers, trustIdentityProvider, Map.of());
  }

  private TestGateway(GatewayConfig base, Path schema, Path resolvers, AuthMode trustIdentityProvider,
                      Map<String, String> varOverrides) {
    this.base = base;
    this.schema = schema;
    this.resolvers = resolvers;
    this.trustIdentityProvider = trustIdentityProvider;
    this.varOverrides = varOverrides;
  }

  /**
   * Copies the sample's binding files, each through {@code edit}, and its resolver plugins into
   * {@code into}: a configuration a test can change without touching the sample.
   */
  public static void copySampleResolvers(Path into, UnaryOperator<String> edit) throws IOException {
    try (Stream<Path> files = Files.list(RESOLVERS)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
        Files.writeString(into.resolve(file.getFileName()), edit.apply(Files.readString(file)));
      }
    }
    Path plugins = RESOLVERS.resolve(JavaResolvers.PLUGIN_FOLDER);
    Path copied = Files.createDirectories(into.resolve(plugins.getFileName()));
    try (Stream<Path> jars = Files.list(plugins)) {
      for (Path jar : jars.toList()) {
        Files.copy(jar, copied.resolve(jar.getFileName()));
      }
    }
  }

  /** The sample's binding files, each through {@code edit}, in a new temporary folder (for {@link #withResolvers}). */
  public static Path sampleResolvers(UnaryOperator<String> edit) {
    try {
      Path dir = Files.createTempDirectory("sheaf-resolvers");
      copySampleResolvers(dir, edit);
      return dir;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  public static TestGateway perClass() {
    return perClass(GatewayConfig.defaults());
  }

  public static TestGateway perClass(GatewayConfig base) {
    return new TestGateway(base, RESOLVERS, null);
  }

  /** This gateway, on these binding files instead of the sample's (e.g. a copy a test edited). */
  public TestGateway withResolvers(Path otherResolvers) {
    return new TestGateway(base, schema, otherResolvers, trustIdentityProvider, varOverrides);
  }

  /**
   * This gateway, plus the mock identity provider as its one trusted issuer, in {@code mode}:
   * tokens need the audience {@value #AUDIENCE} and a {@code sub} claim ({@link #token}).
   */
  public TestGateway trustingIdentityProvider(AuthMode mode) {
    return new TestGateway(base, resolvers, mode);
  }

  static TestGateway start() {
    return start(GatewayConfig.defaults());
  }

  /**
   * A gateway that warms up as its configuration says before readiness turns on; returns once it
   * listens, while it may still be warming up.
   */
  static TestGateway startWarmingUp(GatewayConfig base) {
    TestGateway gateway = new TestGateway(base, SCHEMA, RESOLVERS, null, Map.of());
    gateway.warmingUp = true;
    gateway.open();
    return gateway;
  }

  static TestGateway start(GatewayConfig base) {
    return start(base, RESOLVERS);
  }

  static TestGateway start(GatewayConfig base, Path resolvers) {
    return start(base, resolvers, Map.of());
  }

  /** A gateway on a configuration of its own (a copy a test may change while it runs). */
  static TestGateway startOn(Path schema, Path resolvers) {
    return start(GatewayConfig.defaults(), schema, resolvers, Map.of());
  }

  /** Copies the sample's schema folder (SDL, operations, protos) into {@code into}, unchanged. */
  public static void copySampleSchema(Path into) throws IOException {
    copySampleSchema(into, text -> text);
  }

  /** @param varOverrides binding variables set over the mocks' ones, e.g. ORDERS_URL of a test's own server */
  static TestGateway start(GatewayConfig base, Path resolvers, Map<String, String> varOverrides) {
    return start(base, SCHEMA, resolvers, varOverrides);
  }

  /** @param schema the schema folder (with its operations/) instead of the sample's */
  static TestGateway start(GatewayConfig base, Path schema, Path resolvers, Map<String, String> varOverrides) {
    TestGateway gateway = new TestGateway(base, schema, resolvers, null, varOverrides);
    gateway.open();
    return gateway;
  }

  /**
   * Copies the sample's schema folder (its *.graphqls through {@code edit}, its operations as they
   * are) into {@code into}.
   */
  public static void copySampleSchema(Path into, UnaryOperator<String> edit) throws IOException {
    try (Stream<Path> files = Files.list(SCHEMA)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".graphqls")).toList()) {
        Files.writeString(into.resolve(file.getFileName()), edit.apply(Files.readString(file)));
      }
    }
    // The stored operations and the .proto files, as they are (protos keep their folders: imports name them).
    for (String folder : List.of("operations", "protos")) {
      try (Stream<Path> files = Files.walk(SCHEMA.resolve(folder))) {
        for (Path file : files.toList()) {
          Path target = into.resolve(SCHEMA.relativize(file).toString());
          if (Files.isDirectory(file)) {
            Files.createDirectories(target);
          } else {
            Files.copy(file, target);
          }
        }
      }
    }
  }

  private void open() {
    Vertx started = Vertx.vertx();
    MockBackends backends = await(MockBackends.start(started, MockOptions.randomPorts()));
    MockIdentityProvider issuer = trustIdentityProvider == null ? null
        : await(MockIdentityProvider.start(started, "127.0.0.1", 0));
    GatewayConfig config = (issuer == null ? base : base.withAuth(trust(issuer, trustIdentityProvider)))
        .withHost("127.0.0.1").withPort(0).withAdminPort(0).withDirs(schema, resolvers)
        .withVars(vars(backends));
    if (!warmingUp) {
      config = config.withWarmup(WarmupConfig.OFF);
    }
    this.config = config;
    try {
      sheaf = await(Sheaf.start(started, config));
    } catch (RuntimeException e) {
      await(backends.closeAsync());
      await(started.close());
      throw e;
    }
    vertx = started;
    mocks = backends;
    idp = issuer;
    client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(sheaf.port()));
  }

  private Map<String, String> vars(MockBackends backends) {
    Map<String, String> vars = new java.util.HashMap<>(Map.of(
        "USERS_URL", backends.users().baseUrl(),
        "ORDERS_URL", backends.orders().baseUrl(),
        "CATALOG_URL", backends.catalog().baseUrl(),
        "RECOMMENDATIONS_URL", backends.recommendations().baseUrl(),
        "INVENTORY_ADDRESS", backends.inventory().address()));
    vars.putAll(varOverrides);
    return vars;
  }

  private static AuthConfig trust(MockIdentityProvider issuer, AuthMode mode) {
    AuthSpec spec = new AuthSpec(mode, null, null, null, null, null, "30s", null, List.of(new AuthSpec.IssuerSpec(
        issuer.issuer(), issuer.jwksUrl(), null, null, null, List.of(AUDIENCE), List.of("sub"))));
    return AuthConfig.from(spec, Path.of("sheaf.yaml"));
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    open();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    mocks.setKnobsForAll(Knobs.none());
    mocks.resetStats();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  /**
   * Another gateway on the same configuration, mocks and identity provider, on ports of its own: a
   * replica behind the same load balancer. The caller closes it.
   */
  public Sheaf startReplica() {
    return await(Sheaf.start(vertx, config));
  }

  /** A token of the identity provider for the user {@code sub}, with the audience the gateway requires. */
  public String token(String sub) {
    return idp.mint(Map.of("aud", AUDIENCE, "sub", sub));
  }

  /** POSTs a query and returns the decoded response body; fails the test on a non-200. */
  public JsonObject query(String query) {
    return query(query, Map.of());
  }

  public JsonObject query(String query, Map<String, Object> variables) {
    HttpResponse<Buffer> response = post(new JsonObject().put("query", query).put("variables", variables).toBuffer(),
        MultiMap.caseInsensitiveMultiMap());
    if (response.statusCode() != 200) {
      throw new AssertionError("expected 200, got " + response.statusCode() + ": " + response.bodyAsString());
    }
    return response.bodyAsJsonObject();
  }

  /** Runs a query over POST /graphql and returns its {@code data}; fails the test on a non-200 or errors. */
  public JsonObject graphqlData(String query, Map<String, Object> variables) {
    JsonObject body = query(query, variables);
    if (body.containsKey("errors")) {
      throw new AssertionError("GraphQL answered with errors: " + body.encode());
    }
    return body.getJsonObject("data");
  }

  public HttpResponse<Buffer> post(Buffer body, MultiMap headers) {
    var request = client.post("/graphql").putHeaders(preflighted(headers));
    if (!headers.contains("content-type")) {
      request.putHeader("content-type", "application/json");
    }
    return await(request.sendBuffer(body));
  }

  public HttpResponse<Buffer> get(String uri) {
    return send(HttpMethod.GET, uri, MultiMap.caseInsensitiveMultiMap());
  }

  public HttpResponse<Buffer> send(HttpMethod method, String uri, MultiMap headers) {
    return await(client.request(method, uri).putHeaders(preflighted(headers)).send());
  }

  public HttpResponse<Buffer> send(HttpMethod method, String uri, MultiMap headers, Buffer body) {
    return await(client.request(method, uri).putHeaders(preflighted(headers)).sendBuffer(body));
  }

  /**
   * The headers plus {@code apollo-require-preflight}, as a client that is not a browser page sends
   * (Apollo's clients send {@code x-apollo-operation-name}): CSRF prevention lets it through whatever
   * its method and content type, so tests of other behaviour see that behaviour. {@code CsrfTest}
   * sends requests without it.
   */
  private static MultiMap preflighted(MultiMap headers) {
    MultiMap all = MultiMap.caseInsensitiveMultiMap().addAll(headers);
    if (!all.contains("apollo-require-preflight")) {
      all.add("apollo-require-preflight", "true");
    }
    return all;
  }

  public static <T> T await(Future<T> future) {
    try {
      return future.await(20, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("timed out waiting", e);
    }
  }

  @Override
  public void close() {
    client.close();
    await(sheaf.close());
    await(mocks.closeAsync());
    if (idp != null) {
      await(idp.close());
    }
    await(vertx.close());
  }
}

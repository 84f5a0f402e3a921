package dev.sheaf;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import dev.sheaf.config.GatewayConfig;
import dev.sheaf.config.LogsConfig;
import dev.sheaf.config.ObservabilityConfig;
import dev.sheaf.config.TracingConfig;
import dev.sheaf.mock.Eventually;
import dev.sheaf.mock.Knobs;
import dev.sheaf.mock.MockBackends;
import dev.sheaf.mock.MockOptions;
import dev.sheaf.mock.MockTls;
import dev.sheaf.mock.RecordedRequest;
import dev.sheaf.mock.inventory.RecordedCall;
import dev.sheaf.reload.ReloadAttempt;
import dev.sheaf.tls.BackendTlsDefaults;
import dev.sheaf.tls.TestAuthority;
import dev.sheaf.tls.TlsSettings;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The gateway reaches backends as a company runs them: over TLS signed by a private CA, requiring
 * the gateway's client certificate, with a secret API key read from a file. Certificates are made
 * by the test; the mock backends (REST and gRPC) are real TLS servers on port 0.
 */
class BackendTlsTest {

  private static final String SECRET = "sk-live-5f2c9e71b04a";
  private static final String KEY_PASSWORD = "key-pass-0c1d";
  private static final String QUERY = "{ user(id: \"42\") { name } product(id: \"p1\") { name stock { available } } }";

  @TempDir
  static Path dir;
  static TestAuthority corp;
  static TestAuthority other;
  static TestAuthority.Issued gatewayCertificate;
  static Vertx vertx;
  static MockBackends mutualTls;

  @BeforeAll
  static void startTlsBackends() throws IOException {
    corp = TestAuthority.create("corp", dir);
    other = TestAuthority.create("other", dir);
    gatewayCertificate = corp.client("gateway");
    Files.writeString(dir.resolve("api-key"), SECRET + "\n"); // as mounted secrets often end
    Files.writeString(dir.resolve("key-password"), KEY_PASSWORD);
    vertx = Vertx.vertx();
    mutualTls = TestGateway.await(MockBackends.start(vertx, MockOptions.randomPorts()
        .withTls(MockTls.mutual(corp.server("backends").keyCertOptions(), corp.trustOptions()))));
  }

  /**
   * The tests' own log setup (logback-test.xml: warn, to stderr), which these tests read: a test
   * before may have left the gateway's own in place (the configuration check applies it).
   */
  @BeforeEach
  void testLogSetup() throws Exception {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    new ContextInitializer(context).autoConfig();
  }

  @AfterAll
  static void stop() {
    mutualTls.close();
    TestGateway.await(vertx.close());
  }

  /**
   * The sample bindings over the TLS mocks: users with the secret header, HTTP/2 and its own
   * (encrypted) client key; the inventory over gRPC with TLS and the secret as metadata.
   */
  private static TestGateway gateway(Path resolvers, TlsSettings defaults) throws IOException {
    return gateway(resolvers, defaults, ObservabilityConfig.defaults());
  }

  private static TestGateway gateway(Path resolvers, TlsSettings defaults, ObservabilityConfig observability)
      throws IOException {
    Path encryptedKey = gatewayCertificate.encryptedKeyFile(KEY_PASSWORD);
    TestGateway.copySampleResolvers(resolvers, text -> text
        .replace("    claimHeaders: { x-user-id: sub }\n", "    claimHeaders: { x-user-id: sub }\n"
            + "    http2: true\n"
            + "    headers: { X-Api-Key: \"${file:" + dir.resolve("api-key") + "}\" }\n"
            + "    tls:\n"
            + "      certFile: " + gatewayCertificate.certFile() + "\n"
            + "      keyFile: " + encryptedKey + "\n"
            + "      keyPassword: \"${file:" + dir.resolve("key-password") + "}\"\n")
        // A first TLS handshake on a cold JVM and a busy machine may take a while: generous timeouts.
        .replaceAll("timeout: \\d+ms", "timeout: 15s")
        .replace("    tls: false\n", "    tls: true\n    headers: { x-api-key: \"${file:" + dir.resolve("api-key") + "}\" }\n"));
    Map<String, String> vars = Map.of(
        "USERS_URL", mutualTls.users().baseUrl(),
        "ORDERS_URL", mutualTls.orders().baseUrl(),
        "CATALOG_URL", mutualTls.catalog().baseUrl(),
        "RECOMMENDATIONS_URL", mutualTls.recommendations().baseUrl(),
        "INVENTORY_ADDRESS", mutualTls.inventory().address());
    GatewayConfig base = GatewayConfig.defaults().withDeadlines(Duration.ofSeconds(20), Duration.ofSeconds(30))
        .withBackendTls(new BackendTlsDefaults(defaults, BackendTlsDefaults.DEFAULT_EXPIRY_WARNING))
        .withObservability(observability);
    return TestGateway.start(base, resolvers, vars);
  }

  /** The private CA alone, and the gateway's client certificate: how such a gateway is configured. */
  private static TlsSettings corpWithClientCertificate() {
    return new TlsSettings(List.of(corp.caFile()), false, null, gatewayCertificate.certFile(),
        gatewayCertificate.keyFile(), null);
  }

  @Test
  void backendsSignedByThePrivateCaAcceptTheGatewaysCertificateOverRestHttp2AndGrpc(@TempDir Path resolvers)
      throws IOException {
    mutualTls.resetStats();
    try (TestGateway gateway = gateway(resolvers, corpWithClientCertificate())) {
      JsonObject body = gateway.query(QUERY);

      assertThat(body.getJsonArray("errors")).as(body.encode()).isNull();
      assertThat(body.getJsonObject("data").getJsonObject("user").getString("name")).isNotBlank();
      assertThat(body.getJsonObject("data").getJsonObject("product").getJsonObject("stock").getInteger("available"))
          .isNotNull();
      RecordedRequest user = mutualTls.users().requests().get(0);
      assertThat(user.header("x-api-key")).isEqualTo(SECRET);
      assertThat(user.version()).as("http2: true over TLS: negotiated with ALPN").isEqualTo("HTTP_2");
      RecordedRequest product = mutualTls.catalog().requests().get(0);
      assertThat(product.header("x-api-key")).as("only the backends that declare it get it").isNull();
      assertThat(product.version()).isEqualTo("HTTP_1_1");
      RecordedCall stock = mutualTls.inventory().requests().get(0);
      assertThat(stock.header("x-api-key")).as("gRPC: the secret as metadata").isEqualTo(SECRET);
    }
  }

  @Test
  void theSecretHeaderAppearsInNoLogErrorTraceConfigStatusOrMetrics(@TempDir Path resolvers) throws IOException {
    OtlpReceiver traces = OtlpReceiver.start(vertx);
    TracingConfig tracing = new TracingConfig(URI.create(traces.endpoint()), 1.0, TracingConfig.Parents.TRUST,
        TracingConfig.DEFAULT_QUEUE_SIZE);
    try (traces; CapturedLog log = new CapturedLog(); TestGateway gateway = gateway(resolvers,
        corpWithClientCertificate(), new ObservabilityConfig(tracing, LogsConfig.defaults()))) {
      mutualTls.users().setKnobs(Knobs.none().withErrorStatus(500));
      mutualTls.inventory().setKnobs(mutualTls.inventory().knobs().withHang(true));
      try {
        JsonObject failed = gateway.query(QUERY);
        assertThat(failed.getJsonArray("errors")).as("the failures this test looks into").hasSizeGreaterThanOrEqualTo(2);
        // The request's span and its backend calls' spans (users, catalog, inventory) reach the receiver.
        TestGateway.await(Eventually.holds(vertx, Duration.ofSeconds(20), () -> traces.spans().size() >= 4));

        String adminConfig = admin(gateway, "/config").bodyAsString();
        String metrics = admin(gateway, "/metrics").bodyAsString();
        assertThat(failed.encode()).doesNotContain(SECRET).doesNotContain(KEY_PASSWORD);
        assertThat(traces.spans().toString()).doesNotContain(SECRET).doesNotContain(KEY_PASSWORD)
            .contains("users");
        assertThat(adminConfig).doesNotContain(SECRET).doesNotContain(KEY_PASSWORD);
        assertThat(metrics).doesNotContain(SECRET).contains("sheaf_backend_certificate_expiry_seconds");
        assertThat(log.text()).doesNotContain(SECRET).doesNotContain(KEY_PASSWORD);
        assertThat(mutualTls.users().requests().get(mutualTls.users().requests().size() - 1).header("x-api-key"))
            .as("while it did reach the backend").isEqualTo(SECRET);
      } finally {
        mutualTls.all().forEach(backend -> backend.reset());
      }
    }
  }

  @Test
  void aBackendSignedByAnotherCaIsUnavailableAndTheLogSaysWhy(@TempDir Path resolvers) throws IOException {
    TlsSettings otherCa = new TlsSettings(List.of(other.caFile()), false, null, gatewayCertificate.certFile(),
        gatewayCertificate.keyFile(), null);
    try (CapturedLog log = new CapturedLog(); TestGateway gateway = gateway(resolvers, otherCa)) {
      JsonObject body = gateway.query("{ product(id: \"p1\") { name } }");

      assertThat(body.getJsonObject("data").getValue("product")).isNull();
      JsonObject extensions = body.getJsonArray("errors").getJsonObject(0).getJsonObject("extensions");
      assertThat(extensions.getString("code")).isEqualTo("BACKEND_UNAVAILABLE");
      assertThat(extensions.getString("backend")).isEqualTo("catalog");
      assertThat(body.encode()).doesNotContain("127.0.0.1").doesNotContain("PKIX");
      assertThat(log.text()).contains("backend catalog: TLS handshake failed");
    }
  }

  @Test
  void aBackendThatRequiresAClientCertificateRefusesAGatewayWithoutOne(@TempDir Path resolvers) throws IOException {
    TlsSettings noClientCertificate = new TlsSettings(List.of(corp.caFile()), false, null, null, null, null);
    try (CapturedLog log = new CapturedLog(); TestGateway gateway = gateway(resolvers, noClientCertificate)) {
      mutualTls.resetStats();

      JsonObject body = gateway.query("{ product(id: \"p1\") { name } }");

      assertThat(body.getJsonObject("data").getValue("product")).isNull();
      assertThat(body.getJsonArray("errors").getJsonObject(0).getJsonObject("extensions").getString("code"))
          .isEqualTo("BACKEND_UNAVAILABLE");
      assertThat(mutualTls.catalog().calls()).as("refused in the handshake, before any request").isZero();
      assertThat(log.text()).contains("backend catalog:");
    }
  }

  @Test
  void aReloadReadsARotatedClientCertificateAndRefusesAKeyThatDoesNotMatch(@TempDir Path resolvers,
                                                                           @TempDir Path mounted) throws IOException {
    Path certFile = mounted.resolve("tls.crt");
    Path keyFile = mounted.resolve("tls.key");
    Files.copy(gatewayCertificate.certFile(), certFile);
    Files.copy(gatewayCertificate.keyFile(), keyFile);
    TlsSettings mountedFiles = new TlsSettings(List.of(corp.caFile()), false, null, certFile, keyFile, null);
    try (CapturedLog log = new CapturedLog(); TestGateway gateway = gateway(resolvers, mountedFiles)) {
      assertThat(catalogClientExpiry(gateway)).as("90 days").isGreaterThan(Duration.ofDays(89).toSeconds());

      // Rotation as a secret store does it: new files in place, then a reload.
      TestAuthority.Issued rotated = corp.client("gateway-rotated", Duration.ofDays(10));
      Files.copy(rotated.certFile(), certFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      Files.copy(rotated.keyFile(), keyFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      ReloadAttempt applied = TestGateway.await(gateway.sheaf.reload("test"));

      assertThat(applied.outcome()).as(applied.problems().toString()).isEqualTo(ReloadAttempt.Outcome.APPLIED);
      assertThat(catalogClientExpiry(gateway)).as("10 days").isLessThan(Duration.ofDays(10).toSeconds());
      assertThat(log.text()).containsPattern("backend catalog: its client certificate [^\\n]*CN=gateway-rotated expires on");
      assertThat(gateway.query("{ product(id: \"p1\") { name } }").getJsonArray("errors")).isNull();

      Files.copy(corp.client("someone-else").keyFile(), keyFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      ReloadAttempt refused = TestGateway.await(gateway.sheaf.reload("test"));

      assertThat(refused.outcome()).isEqualTo(ReloadAttempt.Outcome.REFUSED);
      assertThat(refused.problems()).anySatisfy(problem -> assertThat(problem)
          .contains(keyFile + ": the private key does not match the certificate in " + certFile));
      assertThat(gateway.query("{ product(id: \"p1\") { name } }").getJsonArray("errors"))
          .as("the running configuration still serves").isNull();
    }
  }

  private static double catalogClientExpiry(TestGateway gateway) {
    String series = "sheaf_backend_certificate_expiry_seconds{backend=\"catalog\",certificate=\"client\"}";
    return admin(gateway, "/metrics").bodyAsString().lines().filter(line -> line.startsWith(series))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).findFirst().orElseThrow();
  }

  private static HttpResponse<Buffer> admin(TestGateway gateway, String path) {
    HttpResponse<Buffer> response = TestGateway.await(
        gateway.client.get(gateway.sheaf.adminPort(), "127.0.0.1", path).send());
    assertThat(response.statusCode()).isEqualTo(200);
    return response;
  }
}

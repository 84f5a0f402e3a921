package dev.sheaf.binding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sheaf.config.ConfigException;
import dev.sheaf.tls.BackendTlsDefaults;
import dev.sheaf.tls.TestAuthority;
import dev.sheaf.tls.TlsSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A backend's tls, headers and http2 keys: read, merged over the gateway's defaults, and refused with file, line and key. */
class BackendConnectionBindingTest {

  private static final String SECRET = "tok-7e1f0c2a99";

  @TempDir
  static Path pki;
  static TestAuthority corp;
  static TestAuthority.Issued gateway;

  @TempDir
  Path dir;

  @BeforeAll
  static void certificates() throws IOException {
    corp = TestAuthority.create("corp", pki);
    gateway = corp.client("gateway");
    Files.writeString(pki.resolve("api-key"), SECRET + "\n");
  }

  private Map<String, BackendConfig> read(String yaml) throws IOException {
    return read(yaml, BackendTlsDefaults.defaults());
  }

  private Map<String, BackendConfig> read(String yaml, BackendTlsDefaults defaults) throws IOException {
    Files.writeString(dir.resolve("team.yaml"), yaml);
    return new BindingLoader(Map.of(), Map.of(), defaults).read(dir).backends();
  }

  @Test
  void aHedgeWaitsAFixedDelayOrARecentPercentileAndNothingElse() throws IOException {
    Map<String, BackendConfig> backends = read("""
        backends:
          fixed:
            url: http://a.internal:8080
            hedge: { after: 80ms }
          adaptive:
            url: http://b.internal:8080
            hedge: { after: p95 }
        """);
    assertThat(backends.get("fixed").hedge()).isEqualTo(BackendConfig.HedgeDelay.fixed(java.time.Duration.ofMillis(80)));
    assertThat(backends.get("adaptive").hedge()).isEqualTo(BackendConfig.HedgeDelay.ofPercentile(95));

    assertThatThrownBy(() -> read("""
        backends:
          adaptive:
            url: http://b.internal:8080
            hedge: { after: p100 }
        """))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("backends.adaptive.hedge.after: 'p100': a percentile from p50 to p99, e.g. p95");
  }

  @Test
  void aSecretHeaderIsReadFromItsFileAndNeverPrinted() throws IOException {
    BackendConfig payments = read("""
        backends:
          payments:
            url: http://payments.internal:8080
            headers: { X-Api-Key: "${file:%s}" }
        """.formatted(pki.resolve("api-key"))).get("payments");

    assertThat(payments.connection().headers().values()).containsExactly(Map.entry("x-api-key", SECRET));
    assertThat(payments.toString()).doesNotContain(SECRET).contains("x-api-key");
  }

  @Test
  void anUnreadableSecretFileIsRefusedWithItsLineAndPathButNoContent() {
    Path missing = pki.resolve("no-such-secret");

    assertThatThrownBy(() -> read("""
        backends:
          payments:
            url: http://payments.internal:8080
            headers: { x-api-key: "${file:%s}" }
        """.formatted(missing)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("team.yaml:4: backends.payments.headers.x-api-key: ${file:" + missing + "} cannot be read");
  }

  @Test
  void headersThatClashOrCannotBeSentAreRefusedWithoutTheirValue() {
    assertThatThrownBy(() -> read("""
        backends:
          users:
            url: http://users.internal:8080
            forwardHeaders: [accept-language]
            headers:
              accept-language: "fr-secret-1"
              host: "evil-secret-2"
              x-two-lines: "line-secret-3\\nsecond"
        """))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("backends.users.headers.accept-language: 'accept-language' already comes from the client")
        .hasMessageContaining("backends.users.headers.host: 'host' is set by the gateway's HTTP or gRPC client")
        .hasMessageContaining("backends.users.headers.x-two-lines: the value holds a line break")
        .hasMessageNotContaining("secret-");
  }

  @Test
  void tlsAndHttp2KeysThatCannotApplyAreRefused() {
    assertThatThrownBy(() -> read("""
        backends:
          cleartext:
            url: http://users.internal:8080
            tls: { caFiles: [ca.pem] }
          contradiction:
            url: https://users.internal:8443
            tls: false
          inventory:
            grpc: inventory.internal:9090
            http2: true
        """))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("team.yaml:4: backends.cleartext.tls: a REST backend's URL decides")
        .hasMessageContaining("team.yaml:7: backends.contradiction.tls: an https:// URL always connects over TLS")
        .hasMessageContaining("team.yaml:10: backends.inventory.http2: gRPC always speaks HTTP/2");
  }

  @Test
  void aTlsFileThatCannotBeUsedIsRefusedNamingTheBindingFileTheKeyAndThePemFile() throws IOException {
    Files.writeString(dir.resolve("not-a-ca.pem"), "hello");
    Path otherKey = corp.client("someone-else").keyFile();

    assertThatThrownBy(() -> read("""
        backends:
          payments:
            url: https://payments.internal:8443
            tls: { caFiles: [not-a-ca.pem] }
          ledger:
            grpc: ledger.internal:9443
            tls:
              certFile: %s
              keyFile: %s
        """.formatted(gateway.certFile(), otherKey)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("team.yaml:4: backends.payments.tls: " + dir.resolve("not-a-ca.pem").toAbsolutePath()
            + ": not a PEM certificate file")
        .hasMessageContaining("team.yaml:7: backends.ledger.tls: " + otherKey
            + ": the private key does not match the certificate in " + gateway.certFile());
  }

  @Test
  void aBackendsTlsSettingsGoOverTheGatewayDefaultsAndTurnTlsOnForGrpc() throws IOException {
    BackendTlsDefaults defaults = new BackendTlsDefaults(new TlsSettings(List.of(corp.caFile()), false, null,
        gateway.certFile(), gateway.keyFile(), null), BackendTlsDefaults.DEFAULT_EXPIRY_WARNING);

    Map<String, BackendConfig> backends = read("""
        backends:
          payments:
            url: https://payments.internal:8443
            http2: true
          ledger:
            grpc: ledger.internal:9443
            tls: { verifyHostname: false }
          plain:
            url: http://plain.internal:8080
        """, defaults);

    BackendConfig payments = backends.get("payments");
    assertThat(payments.connection().http2()).isTrue();
    assertThat(payments.connection().tls().authorities()).hasSize(1);
    assertThat(payments.connection().tls().trustJvmCas()).isFalse();
    assertThat(payments.connection().tls().mutual()).isTrue();
    BackendConfig ledger = backends.get("ledger");
    assertThat(ledger.grpc().tls()).isTrue();
    assertThat(ledger.connection().tls().verifyHostname()).isFalse();
    assertThat(ledger.connection().tls().mutual()).as("the default client certificate").isTrue();
    assertThat(backends.get("plain").connection()).isEqualTo(BackendConfig.Connection.PLAIN);
  }
}

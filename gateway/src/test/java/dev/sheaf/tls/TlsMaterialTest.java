package dev.sheaf.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sheaf.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a backend's CA bundle, client certificate and key: what is accepted, and how a bad file is refused. */
class TlsMaterialTest {

  @TempDir
  static Path dir;
  static TestAuthority corp;
  static TestAuthority.Issued client;

  @BeforeAll
  static void pki() {
    corp = TestAuthority.create("corp", dir);
    client = corp.client("gateway");
  }

  static TlsSettings settings(List<Path> caFiles, Path cert, Path key, String password) {
    return new TlsSettings(caFiles, null, null, cert, key, password);
  }

  @Test
  void readsTheCaBundleAndAClientCertificateWithItsKey() {
    TlsMaterial material = TlsMaterial.load(settings(List.of(corp.caFile()), client.certFile(), client.keyFile(), null));

    assertThat(material.authorities()).hasSize(1);
    assertThat(material.clientChain()).hasSize(2); // leaf, then the CA
    assertThat(material.mutual()).isTrue();
    assertThat(material.trustJvmCas()).isTrue();
    assertThat(material.verifyHostname()).isTrue();
    assertThat(material.clientCertificate().orElseThrow()).isEqualTo(client.certificate());
    assertThat(material).as("the same files read twice")
        .isEqualTo(TlsMaterial.load(settings(List.of(corp.caFile()), client.certFile(), client.keyFile(), null)));
    assertThat(material.toString()).doesNotContain("PRIVATE").contains("CN=gateway");
  }

  @Test
  void anEncryptedKeyIsReadWithItsPasswordAndRefusedWithAWrongOrMissingOne() {
    Path encrypted = client.encryptedKeyFile("s3cret-pass");

    TlsMaterial material = TlsMaterial.load(settings(null, client.certFile(), encrypted, "s3cret-pass"));
    assertThat(material.clientKey()).isEqualTo(client.key());

    assertThatThrownBy(() -> TlsMaterial.load(settings(null, client.certFile(), encrypted, "not-the-pass-123")))
        .isInstanceOf(ConfigException.class).hasMessageContaining(encrypted.toString())
        .hasMessageContaining("cannot be decrypted").hasMessageNotContaining("not-the-pass-123");
    assertThatThrownBy(() -> TlsMaterial.load(settings(null, client.certFile(), encrypted, null)))
        .isInstanceOf(ConfigException.class).hasMessageContaining(encrypted.toString())
        .hasMessageContaining("no keyPassword");
  }

  @Test
  void aKeyThatIsNotTheCertificatesIsRefusedNamingBothFiles() {
    TestAuthority.Issued other = corp.client("someone-else");

    assertThatThrownBy(() -> TlsMaterial.load(settings(null, client.certFile(), other.keyFile(), null)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(other.keyFile() + ": the private key does not match the certificate in "
            + client.certFile());
  }

  @Test
  void aCaFileThatIsNotPemOrNotThereIsRefusedNamingIt() throws Exception {
    Path der = Files.write(dir.resolve("corp-ca.der"), client.certificate().getEncoded());
    Path missing = dir.resolve("nowhere.pem");

    assertThatThrownBy(() -> TlsMaterial.load(settings(List.of(der), null, null, null)))
        .isInstanceOf(ConfigException.class)
        .hasMessage(der + ": not a PEM certificate file (no -----BEGIN CERTIFICATE----- block)");
    assertThatThrownBy(() -> TlsMaterial.load(settings(List.of(missing), null, null, null)))
        .isInstanceOf(ConfigException.class).hasMessage(missing + ": no such file");
  }

  @Test
  void aKeyInTheOldPkcs1FormIsRefusedWithHowToConvertIt() throws IOException {
    Path pkcs1 = Files.writeString(dir.resolve("old-key.pem"),
        "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIA==\n-----END EC PRIVATE KEY-----\n");

    assertThatThrownBy(() -> TlsMaterial.load(settings(null, client.certFile(), pkcs1, null)))
        .isInstanceOf(ConfigException.class).hasMessageContaining(pkcs1 + ": not a PEM PKCS#8 private key")
        .hasMessageContaining("openssl pkcs8 -topk8");
  }

  @Test
  void aCertificateWithoutItsKeyOrNoTrustAtAllIsRefused() {
    assertThatThrownBy(() -> TlsMaterial.load(settings(null, client.certFile(), null, null)))
        .isInstanceOf(ConfigException.class).hasMessageContaining("needs both certFile");
    assertThatThrownBy(() -> TlsMaterial.load(new TlsSettings(null, false, null, null, null, null)))
        .isInstanceOf(ConfigException.class).hasMessageContaining("trustJvmCas: false trusts nothing");
  }

  @Test
  void aBackendsOwnSettingsOverrideTheDefaultsKeyByKey() {
    TlsSettings defaults = new TlsSettings(List.of(Path.of("corp.pem")), false, null, Path.of("gw.pem"),
        Path.of("gw-key.pem"), "pw");

    TlsSettings own = new TlsSettings(null, null, false, Path.of("team.pem"), Path.of("team-key.pem"), null)
        .over(defaults);

    assertThat(own).isEqualTo(new TlsSettings(List.of(Path.of("corp.pem")), false, false, Path.of("team.pem"),
        Path.of("team-key.pem"), null));
    assertThat(TlsSettings.NONE.over(defaults)).isEqualTo(defaults);
    assertThat(defaults.toString()).doesNotContain("pw,").contains("keyPassword=***");
  }
}

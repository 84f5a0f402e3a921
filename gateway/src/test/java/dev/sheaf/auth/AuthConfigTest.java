package dev.sheaf.auth;

import com.nimbusds.jose.JWSAlgorithm;
import dev.sheaf.config.ConfigException;
import dev.sheaf.config.YamlFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.sheaf.auth.AuthTests.CONFIG_FILE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The auth section: defaults, the YAML shape, and every refusal with a message naming key and fix. */
class AuthConfigTest {

  /** The gateway config file as the integration will read it: the auth section under "auth". */
  record FileWithAuth(AuthSpec auth) {
  }

  private static final String URL = "https://login.example.com/.well-known/jwks.json";

  private static AuthSpec.IssuerSpec issuer(String jwksUrl, List<String> keys, String secret, List<String> algorithms) {
    return new AuthSpec.IssuerSpec("https://login.example.com/", jwksUrl, keys, secret, algorithms, List.of("sheaf"), null);
  }

  private static AuthConfig from(AuthSpec.IssuerSpec... issuers) {
    return AuthConfig.from(AuthTests.spec(null, null, issuers), CONFIG_FILE);
  }

  @Test
  void defaultsAreFilledIn() {
    AuthConfig config = from(issuer(URL, null, null, null));

    assertThat(config.mode()).isEqualTo(AuthMode.REQUIRED);
    assertThat(config.clockSkew()).isEqualTo(Duration.ofSeconds(60));
    assertThat(config.scopeClaims()).containsExactly("scope", "scp");
    assertThat(config.cookie()).isNull();
    assertThat(config.maxTokenBytes()).isEqualTo(8192);
    assertThat(config.jwksRefresh()).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.unknownKidMinInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.jwksTimeout()).isEqualTo(Duration.ofSeconds(2));
    AuthConfig.Issuer issuer = config.issuers().get(0);
    assertThat(issuer.algorithms()).containsExactlyInAnyOrder(JWSAlgorithm.RS256, JWSAlgorithm.ES256,
        JWSAlgorithm.PS256, JWSAlgorithm.EdDSA);
    assertThat(issuer.requiredClaims()).containsExactly("exp");
    assertThat(issuer.remoteKeys()).isTrue();
  }

  @Test
  void readsTheYamlShape() {
    String yaml = """
        auth:
          mode: optional
          clockSkew: 30s
          scopeClaims: [scope]
          cookie: access_token
          maxTokenBytes: 4096
          jwksRefresh: 10m
          unknownKidMinInterval: 1m
          jwksTimeout: 1500ms
          issuers:
            - issuer: https://login.example.com/
              jwksUrl: https://login.example.com/.well-known/jwks.json
              algorithms: [RS256, ES256]
              audiences: [sheaf, mobile]
              requiredClaims: [sub]
        """;
    AuthConfig config = AuthConfig.from(new YamlFiles().read(CONFIG_FILE, yaml, FileWithAuth.class).auth(), CONFIG_FILE);

    assertThat(config.mode()).isEqualTo(AuthMode.OPTIONAL);
    assertThat(config.clockSkew()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.cookie()).isEqualTo("access_token");
    assertThat(config.maxTokenBytes()).isEqualTo(4096);
    assertThat(config.unknownKidMinInterval()).isEqualTo(Duration.ofMinutes(1));
    assertThat(config.jwksTimeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(config.issuers().get(0).audiences()).containsExactlyInAnyOrder("sheaf", "mobile");
    assertThat(config.issuers().get(0).requiredClaims()).containsExactlyInAnyOrder("sub", "exp");
  }

  @Test
  void yamlRefusesUnknownKeysAndModes() {
    String unknownKey = "auth:\n  issuers:\n    - issuer: x\n      jwks: https://a/b\n";
    assertThatThrownBy(() -> new YamlFiles().read(CONFIG_FILE, unknownKey, FileWithAuth.class))
        .isInstanceOf(ConfigException.class).hasMessageContaining("unknown key 'jwks'").hasMessageContaining("jwksUrl");
    assertThatThrownBy(() -> new YamlFiles().read(CONFIG_FILE, "auth:\n  mode: sometimes\n", FileWithAuth.class))
        .isInstanceOf(ConfigException.class).hasMessageContaining("auth.mode").hasMessageContaining("required or optional");
  }

  @Test
  void refusesAlgorithmNone() {
    assertThatThrownBy(() -> from(issuer(URL, null, null, List.of("RS256", "none"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("sheaf.yaml (auth.issuers[0].algorithms)")
        .hasMessageContaining("'none' would accept unsigned tokens");
  }

  @Test
  void refusesHmacAlgorithmsForIssuersWithPublicKeys() {
    assertThatThrownBy(() -> from(issuer(URL, null, null, List.of("RS256", "HS256"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("auth.issuers[0].algorithms")
        .hasMessageContaining("HS256 is an HMAC algorithm")
        .hasMessageContaining("hmacSecret");
    assertThatThrownBy(() -> from(issuer(null, null, "s".repeat(64), List.of("RS256"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("RS256 needs a public key");
    assertThatThrownBy(() -> new AuthConfig.Issuer("x", java.net.URI.create(URL), null, java.util.Set.of(JWSAlgorithm.HS256),
        java.util.Set.of(), java.util.Set.of("exp")))
        .as("a hand-built config cannot do it either").isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesAShortHmacSecretWithoutEchoingIt() {
    assertThatThrownBy(() -> from(issuer(null, null, "tooshort-secret", List.of("HS256"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("auth.issuers[0].hmacSecret")
        .hasMessageContaining("at least 32")
        .hasMessageNotContaining("tooshort-secret");
    assertThat(from(issuer(null, null, "s".repeat(32), null)).issuers().get(0).algorithms())
        .containsExactly(JWSAlgorithm.HS256);
  }

  @Test
  void refusesAMissingOrEmptyIssuerList() {
    assertThatThrownBy(() -> AuthConfig.from(AuthTests.spec(null, null), CONFIG_FILE))
        .isInstanceOf(ConfigException.class).hasMessageContaining("auth.issuers").hasMessageContaining("at least one issuer");
    assertThatThrownBy(() -> AuthConfig.from(new AuthSpec(null, null, null, null, null, null, null, null, null), CONFIG_FILE))
        .isInstanceOf(ConfigException.class).hasMessageContaining("at least one issuer");
    assertThatThrownBy(() -> AuthConfig.from(null, CONFIG_FILE)).isInstanceOf(ConfigException.class);
  }

  @Test
  void refusesJwksUrlsThatAreNotHttp() {
    for (String bad : List.of("ftp://login.example.com/jwks", "/jwks.json", "https:///jwks", "file:/etc/passwd", "not a url")) {
      assertThatThrownBy(() -> from(issuer(bad, null, null, null))).as(bad)
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("auth.issuers[0].jwksUrl")
          .hasMessageContaining("not an http(s) URL");
    }
  }

  @Test
  void refusesUnreadableOrPrivateKeyFiles(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("sheaf.yaml");
    Path privateKey = Files.writeString(dir.resolve("private.jwk"),
        new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_256).generate().toJSONString());
    AuthSpec missing = AuthTests.spec(null, null, issuer(null, List.of("nowhere.pem"), null, null));
    AuthSpec secret = AuthTests.spec(null, null, issuer(null, List.of(privateKey.getFileName().toString()), null, null));

    assertThatThrownBy(() -> AuthConfig.from(missing, config))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("auth.issuers[0].keys[0]").hasMessageContaining("nowhere.pem").hasMessageContaining("cannot read");
    assertThatThrownBy(() -> AuthConfig.from(secret, config))
        .isInstanceOf(ConfigException.class).hasMessageContaining("holds a private key");
  }

  @Test
  void refusesOtherMistakesByKey() {
    assertThatThrownBy(() -> from(issuer(URL, List.of("k.pem"), null, null)))
        .isInstanceOf(ConfigException.class).hasMessageContaining("exactly one of jwksUrl, keys and hmacSecret");
    assertThatThrownBy(() -> from(issuer(null, null, null, null)))
        .isInstanceOf(ConfigException.class).hasMessageContaining("exactly one of");
    assertThatThrownBy(() -> from(issuer(URL, null, null, List.of("RS257"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("unknown algorithm 'RS257'");
    assertThatThrownBy(() -> from(issuer(URL, null, null, null), issuer(URL, null, null, null)))
        .isInstanceOf(ConfigException.class).hasMessageContaining("auth.issuers[1]").hasMessageContaining("listed twice");
    assertThatThrownBy(() -> from(new AuthSpec.IssuerSpec(" ", URL, null, null, null, null, null)))
        .isInstanceOf(ConfigException.class).hasMessageContaining("auth.issuers[0].issuer");
    assertThatThrownBy(() -> AuthConfig.from(new AuthSpec(null, "1500ms", null, null, null, null, null, null,
        List.of(issuer(URL, null, null, null))), CONFIG_FILE))
        .isInstanceOf(ConfigException.class).hasMessageContaining("auth.clockSkew").hasMessageContaining("whole seconds");
    assertThatThrownBy(() -> AuthConfig.from(new AuthSpec(null, null, null, null, null, "0", null, null,
        List.of(issuer(URL, null, null, null))), CONFIG_FILE))
        .isInstanceOf(ConfigException.class).hasMessageContaining("auth.jwksRefresh");
    assertThatThrownBy(() -> AuthConfig.from(new AuthSpec(null, null, null, null, 0, null, null, null,
        List.of(issuer(URL, null, null, null))), CONFIG_FILE))
        .isInstanceOf(ConfigException.class).hasMessageContaining("auth.maxTokenBytes");
    assertThatThrownBy(() -> AuthConfig.from(new AuthSpec(null, null, null, "my cookie", null, null, null, null,
        List.of(issuer(URL, null, null, null))), CONFIG_FILE))
        .isInstanceOf(ConfigException.class).hasMessageContaining("auth.cookie");
  }

  @Test
  void refusesAJwksTimeoutThatIsNotADurationOrIsZeroOrTooLong() {
    for (String bad : List.of("soon", "0", "2m")) {
      assertThatThrownBy(() -> AuthConfig.from(new AuthSpec(null, null, null, null, null, null, null, bad,
          List.of(issuer(URL, null, null, null))), CONFIG_FILE)).as(bad)
          .isInstanceOf(ConfigException.class).hasMessageContaining("sheaf.yaml (auth.jwksTimeout)");
    }
  }

  @Test
  void issuerToStringNeverShowsTheSecret() {
    String secret = "a-shared-secret-of-more-than-32-bytes!";
    assertThat(from(issuer(null, null, secret, null)).toString()).doesNotContain(secret)
        .doesNotContain(com.nimbusds.jose.util.Base64URL.encode(secret).toString());
  }
}

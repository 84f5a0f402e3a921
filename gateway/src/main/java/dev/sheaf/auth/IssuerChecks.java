package dev.sheaf.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import dev.sheaf.config.ConfigException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Turns one {@code auth.issuers[i]} entry into an {@link AuthConfig.Issuer}, or says what is wrong. */
final class IssuerChecks {

  static final List<JWSAlgorithm> PUBLIC_KEY_ALGORITHMS = List.of(
      JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
      JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512,
      JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512,
      JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519);
  static final List<JWSAlgorithm> HMAC_ALGORITHMS = List.of(JWSAlgorithm.HS256, JWSAlgorithm.HS384, JWSAlgorithm.HS512);
  static final List<JWSAlgorithm> DEFAULT_ALGORITHMS = List.of(
      JWSAlgorithm.RS256, JWSAlgorithm.ES256, JWSAlgorithm.PS256, JWSAlgorithm.EdDSA);
  static final String ALWAYS_REQUIRED = "exp";

  private IssuerChecks() {
  }

  static AuthConfig.Issuer check(AuthSpec.IssuerSpec spec, int index, AuthConfig.ConfigKeys keys) {
    String at = "issuers[" + index + "]";
    if (spec == null || spec.issuer() == null || spec.issuer().isBlank()) {
      throw new ConfigException(keys.at(at + ".issuer") + ": required; write the exact 'iss' value of the "
          + "issuer's tokens, e.g. https://login.example.com/");
    }
    int sources = (spec.jwksUrl() != null ? 1 : 0) + (spec.keys() != null ? 1 : 0) + (spec.hmacSecret() != null ? 1 : 0);
    if (sources != 1) {
      throw new ConfigException(keys.at(at) + ": issuer '" + spec.issuer() + "' needs exactly one of jwksUrl, "
          + "keys and hmacSecret (it has " + sources + "); jwksUrl is the usual choice");
    }
    boolean secret = spec.hmacSecret() != null;
    Set<JWSAlgorithm> algorithms = algorithms(spec.algorithms(), secret, keys.at(at + ".algorithms"));
    URI jwksUrl = spec.jwksUrl() == null ? null : jwksUrl(spec.jwksUrl(), keys.at(at + ".jwksUrl"));
    JWKSet keySet = null;
    if (spec.keys() != null) {
      keySet = keyFiles(spec.keys(), at, keys);
    } else if (secret) {
      keySet = secret(spec.hmacSecret(), algorithms, keys.at(at + ".hmacSecret"));
    }
    Set<String> audiences = names(spec.audiences(), keys.at(at + ".audiences"));
    Set<String> required = new LinkedHashSet<>();
    required.add(ALWAYS_REQUIRED);
    required.addAll(names(spec.requiredClaims(), keys.at(at + ".requiredClaims")));
    return new AuthConfig.Issuer(spec.issuer(), jwksUrl, keySet, algorithms, audiences, required);
  }

  private static Set<JWSAlgorithm> algorithms(List<String> names, boolean secret, String where) {
    if (names == null) {
      return new LinkedHashSet<>(secret ? List.of(JWSAlgorithm.HS256) : DEFAULT_ALGORITHMS);
    }
    if (names.isEmpty()) {
      throw new ConfigException(where + ": the list is empty; remove the key to get the defaults "
          + (secret ? "[HS256]" : "[RS256, ES256, PS256, EdDSA]"));
    }
    Set<JWSAlgorithm> result = new LinkedHashSet<>();
    for (String name : names) {
      String n = name == null ? "" : name.trim();
      if (n.equalsIgnoreCase("none")) {
        throw new ConfigException(where + ": 'none' would accept unsigned tokens that anyone can write; remove it");
      }
      JWSAlgorithm alg = Stream.concat(PUBLIC_KEY_ALGORITHMS.stream(), HMAC_ALGORITHMS.stream())
          .filter(a -> a.getName().equalsIgnoreCase(n)).findFirst()
          .orElseThrow(() -> new ConfigException(where + ": unknown algorithm '" + name + "'; supported: "
              + names(PUBLIC_KEY_ALGORITHMS) + ", and with hmacSecret " + names(HMAC_ALGORITHMS)));
      boolean hmac = HMAC_ALGORITHMS.contains(alg);
      if (hmac && !secret) {
        throw new ConfigException(where + ": " + alg + " is an HMAC algorithm: with public keys it would let "
            + "anyone who has the public key forge tokens; remove it, or give the issuer an hmacSecret instead of keys");
      }
      if (!hmac && secret) {
        throw new ConfigException(where + ": " + alg + " needs a public key, but this issuer has an hmacSecret; "
            + "use HS256, HS384 or HS512, or give jwksUrl or keys instead");
      }
      result.add(alg);
    }
    return result;
  }

  private static URI jwksUrl(String text, String where) {
    try {
      URI uri = new URI(text.trim());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && uri.getRawUserInfo() == null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw new ConfigException(where + ": '" + text + "' is not an http(s) URL with a host; write it as "
        + "https://login.example.com/.well-known/jwks.json");
  }

  private static JWKSet keyFiles(List<String> files, String at, AuthConfig.ConfigKeys keys) {
    if (files.isEmpty()) {
      throw new ConfigException(keys.at(at + ".keys") + ": the list is empty; name at least one key file");
    }
    List<JWK> all = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      String where = keys.at(at + ".keys[" + i + "]");
      if (files.get(i) == null || files.get(i).isBlank()) {
        throw new ConfigException(where + ": a file name is required");
      }
      all.addAll(KeyFiles.read(keys.resolve(files.get(i)), where));
    }
    return new JWKSet(all);
  }

  private static JWKSet secret(String secret, Set<JWSAlgorithm> algorithms, String where) {
    byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
    int needed = algorithms.stream().mapToInt(a -> a.equals(JWSAlgorithm.HS512) ? 64
        : a.equals(JWSAlgorithm.HS384) ? 48 : 32).max().orElse(32);
    if (bytes.length < needed) {  // never echo the secret itself
      throw new ConfigException(where + ": the secret has " + bytes.length + " bytes; " + algorithms
          + " needs at least " + needed + "; generate one with: openssl rand -base64 " + needed);
    }
    return new JWKSet(new OctetSequenceKey.Builder(bytes).build());
  }

  private static Set<String> names(List<String> values, String where) {
    if (values == null) {
      return Set.of();
    }
    if (values.stream().anyMatch(v -> v == null || v.isBlank())) {
      throw new ConfigException(where + ": entries must not be empty");
    }
    return new LinkedHashSet<>(values);
  }

  private static String names(List<JWSAlgorithm> algorithms) {
    return algorithms.stream().map(JWSAlgorithm::getName).collect(Collectors.joining(", "));
  }
}

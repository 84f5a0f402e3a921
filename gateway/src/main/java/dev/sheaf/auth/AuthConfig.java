package dev.sheaf.auth;

import com.nimbusds.jose.Algorithm;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import dev.sheaf.config.ConfigException;
import dev.sheaf.config.Durations;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The checked, immutable auth settings. Build it with {@link #from(AuthSpec, Path)}, which refuses
 * unsafe or broken settings with a {@link ConfigException} naming the key and the fix.
 *
 * @param cookie the cookie that may carry the token, or null when tokens come only in the header
 * @param jwksTimeout how long one JWKS fetch may take, connection to last byte
 */
public record AuthConfig(
    AuthMode mode,
    Duration clockSkew,
    List<String> scopeClaims,
    String cookie,
    int maxTokenBytes,
    Duration jwksRefresh,
    Duration unknownKidMinInterval,
    Duration jwksTimeout,
    List<Issuer> issuers) {

  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);
  public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);
  public static final List<String> DEFAULT_SCOPE_CLAIMS = List.of("scope", "scp");
  public static final int DEFAULT_MAX_TOKEN_BYTES = 8192;
  public static final Duration DEFAULT_JWKS_REFRESH = Duration.ofMinutes(5);
  public static final Duration DEFAULT_UNKNOWN_KID_MIN_INTERVAL = Duration.ofSeconds(30);
  /**
   * A JWK set is a small, usually cached document: a healthy IdP serves it in well under a second,
   * TLS handshake included. Two seconds leaves a margin for a slow network yet is under half the
   * default request deadline (5s), so a token naming a just-rotated key still leaves the request
   * time for its backends, and a hung IdP is given up on quickly.
   */
  public static final Duration DEFAULT_JWKS_TIMEOUT = Duration.ofSeconds(2);
  /** Longer than this is no longer a slow IdP but a dead one, and would delay every refetch behind it. */
  public static final Duration MAX_JWKS_TIMEOUT = Duration.ofMinutes(1);

  private static final Pattern COOKIE_NAME = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");

  public AuthConfig {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(clockSkew, "clockSkew");
    scopeClaims = List.copyOf(scopeClaims);
    Objects.requireNonNull(jwksRefresh, "jwksRefresh");
    Objects.requireNonNull(unknownKidMinInterval, "unknownKidMinInterval");
    Objects.requireNonNull(jwksTimeout, "jwksTimeout");
    issuers = List.copyOf(issuers);
    if (issuers.isEmpty()) {
      throw new IllegalArgumentException("at least one issuer is required");
    }
  }

  /**
   * One trusted issuer and the keys its tokens must be signed with.
   *
   * @param jwksUrl    where its keys are published, or null when {@code keys} holds them
   * @param keys       the keys given in files or as a shared secret, or null when fetched from {@code jwksUrl}
   * @param audiences  the accepted {@code aud} values; empty accepts any audience
   * @param requiredClaims claims a token must carry; always includes {@code exp}
   */
  public record Issuer(String issuer, URI jwksUrl, JWKSet keys, Set<JWSAlgorithm> algorithms,
                       Set<String> audiences, Set<String> requiredClaims) {

    public Issuer {
      Objects.requireNonNull(issuer, "issuer");
      algorithms = Set.copyOf(algorithms);
      audiences = Set.copyOf(audiences);
      requiredClaims = Set.copyOf(requiredClaims);
      if ((jwksUrl == null) == (keys == null)) {
        throw new IllegalArgumentException("issuer " + issuer + ": give exactly one of jwksUrl and keys");
      }
      // Repeated here, not only in from(): a hand-built config must not be able to open these holes either.
      if (algorithms.isEmpty() || algorithms.contains(Algorithm.NONE)) {
        throw new IllegalArgumentException("issuer " + issuer + ": algorithms must be non-empty and exclude none");
      }
      boolean secret = keys != null && keys.getKeys().stream().anyMatch(OctetSequenceKey.class::isInstance);
      boolean hmac = algorithms.stream().anyMatch(JWSAlgorithm.Family.HMAC_SHA::contains);
      if (hmac && !secret || secret && !algorithms.stream().allMatch(JWSAlgorithm.Family.HMAC_SHA::contains)) {
        throw new IllegalArgumentException("issuer " + issuer
            + ": HMAC algorithms go only with a shared secret, and a shared secret only with HMAC algorithms");
      }
    }

    /** True when the keys are fetched from {@link #jwksUrl()} and refreshed. */
    public boolean remoteKeys() {
      return jwksUrl != null;
    }

    @Override
    public String toString() {  // never print the keys: they may include a shared secret
      return "Issuer[" + issuer + ", " + (remoteKeys() ? jwksUrl : keys.size() + " configured keys")
          + ", algorithms=" + algorithms + ", audiences=" + audiences + ", requiredClaims=" + requiredClaims + "]";
    }
  }

  /**
   * Checks the {@code auth:} section and fills in defaults. Reads key files, so call it at start-up,
   * not on an event loop.
   *
   * @param configFile the file the section came from: named in messages, and the base of relative key paths
   */
  public static AuthConfig from(AuthSpec spec, Path configFile) {
    ConfigKeys where = new ConfigKeys(configFile);
    if (spec == null) {
      throw new ConfigException(where.at("") + ": the auth section is empty; add at least one issuer under auth.issuers");
    }
    Duration skew = duration(spec.clockSkew(), DEFAULT_CLOCK_SKEW, where.at("clockSkew"));
    if (skew.toMillis() % 1000 != 0 || skew.compareTo(MAX_CLOCK_SKEW) > 0) {
      throw new ConfigException(where.at("clockSkew") + ": '" + spec.clockSkew()
          + "' must be whole seconds between 0s and 5m, e.g. 60s");
    }
    Duration refresh = positive(spec.jwksRefresh(), DEFAULT_JWKS_REFRESH, where.at("jwksRefresh"));
    Duration kidInterval = positive(spec.unknownKidMinInterval(), DEFAULT_UNKNOWN_KID_MIN_INTERVAL,
        where.at("unknownKidMinInterval"));
    Duration fetchTimeout = positive(spec.jwksTimeout(), DEFAULT_JWKS_TIMEOUT, where.at("jwksTimeout"));
    if (fetchTimeout.compareTo(MAX_JWKS_TIMEOUT) > 0) {
      throw new ConfigException(where.at("jwksTimeout") + ": '" + spec.jwksTimeout()
          + "' is too long; use at most 1m (default " + Durations.format(DEFAULT_JWKS_TIMEOUT) + ")");
    }
    int maxBytes = spec.maxTokenBytes() == null ? DEFAULT_MAX_TOKEN_BYTES : spec.maxTokenBytes();
    if (maxBytes <= 0 || maxBytes > 1024 * 1024) {
      throw new ConfigException(where.at("maxTokenBytes") + ": " + maxBytes
          + " is out of range; use a size between 1 and 1048576 bytes (default 8192)");
    }
    if (spec.cookie() != null && !COOKIE_NAME.matcher(spec.cookie()).matches()) {
      throw new ConfigException(where.at("cookie") + ": '" + spec.cookie()
          + "' is not a cookie name; use letters, digits and - _ . only");
    }
    List<String> scopeClaims = spec.scopeClaims() == null ? DEFAULT_SCOPE_CLAIMS : spec.scopeClaims();
    if (scopeClaims.stream().anyMatch(c -> c == null || c.isBlank())) {
      throw new ConfigException(where.at("scopeClaims") + ": claim names must not be empty");
    }
    if (spec.issuers() == null || spec.issuers().isEmpty()) {
      throw new ConfigException(where.at("issuers") + ": at least one issuer is required; add one with "
          + "'issuer' and 'jwksUrl' (or 'keys'), or remove the auth section to turn auth off");
    }
    List<Issuer> issuers = new ArrayList<>();
    for (int i = 0; i < spec.issuers().size(); i++) {
      Issuer issuer = IssuerChecks.check(spec.issuers().get(i), i, where);
      for (Issuer earlier : issuers) {
        if (earlier.issuer().equals(issuer.issuer())) {
          throw new ConfigException(where.issuer(i) + ": issuer '" + issuer.issuer()
              + "' is listed twice; merge the two entries");
        }
      }
      issuers.add(issuer);
    }
    AuthMode mode = spec.mode() == null ? AuthMode.REQUIRED : spec.mode();
    return new AuthConfig(mode, skew, scopeClaims, spec.cookie(), maxBytes, refresh, kidInterval, fetchTimeout,
        issuers);
  }

  private static Duration duration(String text, Duration fallback, String where) {
    return text == null ? fallback : Durations.parse(text, where);
  }

  private static Duration positive(String text, Duration fallback, String where) {
    Duration d = duration(text, fallback, where);
    if (d.isZero()) {
      throw new ConfigException(where + ": must be longer than zero, e.g. " + Durations.format(fallback));
    }
    return d;
  }

  /** Names keys of the auth section in messages, and resolves key files next to the config file. */
  record ConfigKeys(Path configFile) {

    String at(String key) {
      String path = key.isEmpty() ? "auth" : "auth." + key;
      return configFile == null ? path : configFile + " (" + path + ")";
    }

    String issuer(int index) {
      return at("issuers[" + index + "]");
    }

    Path resolve(String file) {
      Path path = Path.of(file);
      Path dir = configFile == null ? null : configFile.toAbsolutePath().getParent();
      return path.isAbsolute() || dir == null ? path : dir.resolve(path);
    }
  }
}

package dev.sheaf.mock.idp;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A mock OpenID provider for the demo and the tests: it signs whatever claims it is asked to, and
 * publishes its public keys. Never use it for anything real.
 *
 * <p>Endpoints:
 * <ul>
 *   <li>{@code GET /.well-known/jwks.json} — the public keys (current and previous RSA keys, one
 *       P-256 key, one Ed25519 key); counted by {@link #jwksFetches()};</li>
 *   <li>{@code GET /.well-known/openid-configuration} — the issuer and {@code jwks_uri};</li>
 *   <li>{@code POST /token} with a JSON object of claims (optional; {@code ?alg=ES256} to pick
 *       another algorithm) — answers {@code {"access_token": "…", "token_type": "Bearer",
 *       "expires_in": …}}, e.g.
 *       {@code curl -X POST localhost:7106/token -d '{"sub":"42","scope":"orders:read"}'}.</li>
 * </ul>
 *
 * <p>In the demo it listens on {@value #DEFAULT_PORT}; tests start it on port 0. Thread-safe:
 * tests may steer it from any thread while it serves on its event loop.
 */
public final class MockIdentityProvider {

  /** The port of the demo's mock IdP. */
  public static final int DEFAULT_PORT = 7106;
  /** The audience of minted tokens unless the claims say otherwise. */
  public static final String DEFAULT_AUDIENCE = "sheaf";
  public static final String DEFAULT_SUBJECT = "user-42";
  public static final long DEFAULT_LIFETIME_SECONDS = 3600;
  static final String JWKS_PATH = "/.well-known/jwks.json";

  private final String issuer;
  private final AtomicReference<IdpKeys> keys;
  private final AtomicInteger jwksFetches = new AtomicInteger();
  private volatile boolean down;
  private volatile boolean garbage;
  private volatile HttpServer server;  // set once, when listening

  private MockIdentityProvider(String issuer, IdpKeys keys) {
    this.issuer = issuer;
    this.keys = new AtomicReference<>(keys);
  }

  /**
   * Generates the keys (on a worker thread) and starts listening.
   *
   * @param port 0 picks a free port; the issuer then names the port actually bound
   */
  public static Future<MockIdentityProvider> start(Vertx vertx, String host, int port) {
    return vertx.executeBlocking(IdpKeys::generate).compose(keys -> {
      HttpServer server = vertx.createHttpServer();
      IdpRoutes routes = new IdpRoutes();
      server.requestHandler(routes);
      return server.listen(port, host).map(bound -> {
        MockIdentityProvider idp = new MockIdentityProvider("http://" + advertised(host) + ":" + bound.actualPort(), keys);
        idp.server = bound;
        routes.serve(idp);
        return idp;
      });
    });
  }

  /** E.g. {@code http://127.0.0.1:7106}: the {@code iss} of its tokens, without a trailing slash. */
  public String issuer() {
    return issuer;
  }

  public String jwksUrl() {
    return issuer + JWKS_PATH;
  }

  public int port() {
    return server.actualPort();
  }

  /**
   * An RS256 token signed with the current RSA key, {@code kid} set. Defaults: {@code iss} =
   * {@link #issuer()}, {@code aud} = "sheaf", {@code sub} = "user-42", {@code iat} = now,
   * {@code exp} = now + 1 h; the given claims override them, and a claim given as null is left out
   * (to mint a token without {@code exp}, say). Times may be given as epoch seconds or {@link Instant}s.
   */
  public String mint(Map<String, Object> claims) {
    return mintWith(JWSAlgorithm.RS256, claims);
  }

  /** Like {@link #mint}, with RS256/384/512, PS256/384/512 (current RSA key), ES256 or EdDSA. */
  public String mintWith(JWSAlgorithm alg, Map<String, Object> claims) {
    return sign(alg, claimsSet(claims));
  }

  /**
   * Makes a new current RSA key; the JWKS keeps publishing the previous ones until
   * {@link #dropOldKeys()}. Generates a key: call it off the event loop.
   */
  public void rotate() {
    keys.updateAndGet(IdpKeys::rotated);
  }

  /** From now on the JWKS publishes only the current RSA key (and the EC and Ed25519 keys). */
  public void dropOldKeys() {
    keys.updateAndGet(IdpKeys::withoutOldKeys);
  }

  /** While down, the JWKS endpoint answers 503. */
  public void setDown(boolean down) {
    this.down = down;
  }

  /** While on, the JWKS endpoint answers 200 with a body that is not a JWK set. */
  public void setGarbage(boolean garbage) {
    this.garbage = garbage;
  }

  /** Requests to the JWKS endpoint so far, answered or not. */
  public int jwksFetches() {
    return jwksFetches.get();
  }

  /** The current RSA key pair, private half included, for tests that forge tokens. */
  public RSAKey currentKey() {
    return keys.get().current();
  }

  public Future<Void> close() {
    return server.close();
  }

  // ---- for IdpRoutes ----

  IdpKeys keys() {
    return keys.get();
  }

  boolean down() {
    return down;
  }

  boolean garbage() {
    return garbage;
  }

  void countJwksFetch() {
    jwksFetches.incrementAndGet();
  }

  String sign(JWSAlgorithm alg, JWTClaimsSet claims) {
    IdpKeys held = keys.get();
    JWSHeader header = new JWSHeader.Builder(alg).keyID(held.signingKey(alg).getKeyID()).type(JOSEObjectType.JWT).build();
    try {
      SignedJWT jwt = new SignedJWT(header, claims);
      jwt.sign(held.signer(alg));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign with " + alg, e);
    }
  }

  JWTClaimsSet claimsSet(Map<String, Object> given) {
    long now = Instant.now().getEpochSecond();
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", issuer);
    claims.put("sub", DEFAULT_SUBJECT);
    claims.put("aud", DEFAULT_AUDIENCE);
    claims.put("iat", now);
    claims.put("exp", now + DEFAULT_LIFETIME_SECONDS);
    if (given != null) {
      claims.putAll(given);  // a HashMap may hold null values; Map.of cannot, so tests pass HashMaps to drop claims
    }
    claims.values().removeIf(v -> v == null);
    claims.replaceAll((name, value) -> value instanceof Instant t ? t.getEpochSecond()
        : value instanceof Date d ? d.getTime() / 1000 : value);
    try {
      return JWTClaimsSet.parse(claims);
    } catch (ParseException e) {
      throw new IllegalArgumentException("claims the mock IdP cannot put in a token: " + e.getMessage(), e);
    }
  }

  private static String advertised(String host) {
    return switch (host) {
      case "0.0.0.0", "::", "" -> "127.0.0.1";
      default -> host.contains(":") ? "[" + host + "]" : host;
    };
  }
}

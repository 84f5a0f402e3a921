package dev.sheaf.auth;

import java.util.List;

/**
 * The {@code auth:} section of the gateway config file, as written; {@link AuthConfig#from}
 * checks it and fills in the defaults. Every key except {@code issuers} is optional.
 *
 * <pre>
 * auth:
 *   mode: required                 # or optional: anonymous requests allowed, bad tokens still refused
 *   clockSkew: 60s                 # whole seconds, at most 5m
 *   scopeClaims: [scope, scp]
 *   cookie: access_token           # also read the token from this cookie (default: header only)
 *   maxTokenBytes: 8192
 *   jwksRefresh: 5m
 *   unknownKidMinInterval: 30s
 *   jwksTimeout: 2s                # one key fetch, whole; at most 1m
 *   issuers:
 *     - issuer: https://login.example.com/
 *       jwksUrl: https://login.example.com/.well-known/jwks.json   # or keys: [...] or hmacSecret: ...
 *       algorithms: [RS256, ES256, PS256, EdDSA]
 *       audiences: [sheaf]
 *       requiredClaims: [sub]
 * </pre>
 */
public record AuthSpec(
    AuthMode mode,
    String clockSkew,
    List<String> scopeClaims,
    String cookie,
    Integer maxTokenBytes,
    String jwksRefresh,
    String unknownKidMinInterval,
    String jwksTimeout,
    List<IssuerSpec> issuers) {

  /**
   * One trusted token issuer. Exactly one of {@code jwksUrl}, {@code keys} and {@code hmacSecret}.
   *
   * @param keys       files (relative to the config file) holding a JWK, a JWK set, or a PEM public
   *                   key or certificate
   * @param hmacSecret a shared secret of at least 32 bytes; the only way to allow HS256/384/512
   */
  public record IssuerSpec(
      String issuer,
      String jwksUrl,
      List<String> keys,
      String hmacSecret,
      List<String> algorithms,
      List<String> audiences,
      List<String> requiredClaims) {
  }
}

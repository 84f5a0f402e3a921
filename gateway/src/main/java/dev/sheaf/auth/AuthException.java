package dev.sheaf.auth;

/**
 * A token was refused. {@link #reason()} is short and safe to show to the client (e.g. "token
 * expired"); it never carries key material or internals. No stack trace: refusals are expected
 * traffic, and filling one in for every bad token would be wasted work.
 */
public final class AuthException extends RuntimeException {

  static final String MALFORMED = "malformed token";
  static final String TOO_LARGE = "token too large";
  static final String UNSUPPORTED_TYPE = "unsupported token type";
  static final String ALGORITHM_NOT_ALLOWED = "algorithm not allowed";
  static final String UNSUPPORTED_CRIT = "unsupported critical header";
  static final String UNTRUSTED_ISSUER = "untrusted issuer";
  static final String UNKNOWN_KEY = "unknown signing key";
  static final String KEYS_UNAVAILABLE = "signing keys unavailable";
  static final String INVALID_SIGNATURE = "invalid signature";
  static final String EXPIRED = "token expired";
  static final String NOT_YET_VALID = "token not yet valid";
  static final String WRONG_AUDIENCE = "wrong audience";
  static final String INVALID_CLAIMS = "invalid claims";
  static final String INVALID = "invalid token";

  private final String reason;

  public AuthException(String reason) {
    super(reason, null, false, false);
    this.reason = reason;
  }

  static AuthException missingClaim(String name) {
    return new AuthException("missing claim '" + name + "'");
  }

  /**
   * The gateway has never obtained the issuer's keys (its JWKS endpoint has not answered yet): the
   * token may well be good, so the fault is the gateway's, not the caller's.
   */
  public boolean keysUnavailable() {
    return KEYS_UNAVAILABLE.equals(reason);
  }

  /** Short, client-safe words, e.g. "token expired" or "missing claim 'sub'". */
  public String reason() {
    return reason;
  }
}

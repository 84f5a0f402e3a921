package dev.sheaf.auth;

import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.ExpiredJWTException;
import com.nimbusds.jwt.proc.JWTClaimsSetVerifier;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * The claim rules of one issuer. Nimbus's {@link DefaultJWTClaimsVerifier} decides; this class
 * only turns its refusal into a client-safe reason, and also counts a claim present as JSON null
 * as missing.
 */
final class ClaimsCheck implements JWTClaimsSetVerifier<SecurityContext> {

  private final String issuer;
  private final Set<String> audiences;
  private final List<String> requiredClaims;
  private final long skewMillis;
  private final DefaultJWTClaimsVerifier<SecurityContext> rules;

  ClaimsCheck(AuthConfig.Issuer issuer, Duration clockSkew) {
    this.issuer = issuer.issuer();
    this.audiences = issuer.audiences();
    this.requiredClaims = issuer.requiredClaims().stream().sorted().toList();
    this.skewMillis = clockSkew.toMillis();
    this.rules = new DefaultJWTClaimsVerifier<>(audiences.isEmpty() ? null : audiences,
        new JWTClaimsSet.Builder().issuer(this.issuer).build(), issuer.requiredClaims(), null);
    rules.setMaxClockSkew((int) clockSkew.toSeconds());
  }

  @Override
  public void verify(JWTClaimsSet claims, SecurityContext context) throws BadJWTException {
    for (String name : requiredClaims) {
      if (claims.getClaim(name) == null) {
        throw AuthException.missingClaim(name);
      }
    }
    try {
      rules.verify(claims, context);
    } catch (ExpiredJWTException e) {
      throw new AuthException(AuthException.EXPIRED);
    } catch (BadJWTException e) {
      throw new AuthException(reason(claims));
    }
  }

  /** Which rule failed, asked in the order Nimbus checks them. */
  private String reason(JWTClaimsSet claims) {
    List<String> aud = claims.getAudience();
    if (!audiences.isEmpty() && (aud == null || aud.stream().noneMatch(audiences::contains))) {
      return AuthException.WRONG_AUDIENCE;
    }
    if (!issuer.equals(claims.getIssuer())) {
      return AuthException.UNTRUSTED_ISSUER;
    }
    Date nbf = claims.getNotBeforeTime();
    if (nbf != null && nbf.getTime() > System.currentTimeMillis() + skewMillis) {
      return AuthException.NOT_YET_VALID;
    }
    return AuthException.INVALID_CLAIMS;
  }
}

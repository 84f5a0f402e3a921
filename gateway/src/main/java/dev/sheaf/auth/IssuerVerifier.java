package dev.sheaf.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies tokens of one issuer: its algorithms, its keys only, its claim rules. Pure CPU work on
 * the calling thread; the processor is configured once and is then safe to share between threads.
 */
final class IssuerVerifier {

  private static final Logger LOG = LoggerFactory.getLogger(IssuerVerifier.class);

  private final AuthConfig.Issuer issuer;
  private final IssuerKeys keys;
  private final CachedKeySource source;
  private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

  IssuerVerifier(AuthConfig.Issuer issuer, IssuerKeys keys, Duration clockSkew) {
    this.issuer = issuer;
    this.keys = keys;
    this.source = new CachedKeySource(keys::current);
    processor.setJWSTypeVerifier(TokenTypes.VERIFIER);
    processor.setJWSKeySelector(new IssuerKeySelector(issuer.algorithms(), source));
    processor.setJWSVerifierFactory(new EdDsaVerifierFactory());
    processor.setJWTClaimsSetVerifier(new ClaimsCheck(issuer, clockSkew));
  }

  IssuerKeys keys() {
    return keys;
  }

  void checkAlgorithm(JWSHeader header) {
    if (!issuer.algorithms().contains(header.getAlgorithm())) {
      throw new AuthException(AuthException.ALGORITHM_NOT_ALLOWED);
    }
  }

  /** Whether a key held for this issuer fits the header's algorithm and {@code kid}. */
  boolean hasKeyFor(JWSHeader header) {
    JWKMatcher matcher = JWKMatcher.forJWSHeader(header);
    return matcher != null && !source.get(new JWKSelector(matcher), null).isEmpty();
  }

  /** The verified claims, or an {@link AuthException}. */
  JWTClaimsSet verify(UnverifiedToken token) {
    try {
      return processor.process(token.jwt(), null);
    } catch (BadJWSException e) {
      throw new AuthException(AuthException.INVALID_SIGNATURE);
    } catch (BadJWTException e) {
      throw new AuthException(AuthException.INVALID_CLAIMS);
    } catch (BadJOSEException e) {  // no key fits after all (e.g. replaced since hasKeyFor)
      throw new AuthException(keys.ready() ? AuthException.UNKNOWN_KEY : AuthException.KEYS_UNAVAILABLE);
    } catch (JOSEException e) {     // the key cannot verify this token at all, e.g. an RSA key too short
      LOG.debug("issuer {}: cannot verify a token: {}", issuer.issuer(), e.getMessage());
      throw new AuthException(AuthException.INVALID_SIGNATURE);
    }
  }
}

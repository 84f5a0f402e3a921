package dev.sheaf.auth;

import com.nimbusds.jose.Header;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;

/**
 * A compact JWS split and parsed, nothing verified yet. The cheap refusals happen here, before any
 * key is looked at: size, shape, JWE, unsigned, critical headers, token type.
 *
 * <p>Headers that point at keys ({@code jku}, {@code x5u}, {@code jwk}, {@code x5c}) are parsed
 * by Nimbus but never used: keys come only from the issuer's configured source.
 */
record UnverifiedToken(SignedJWT jwt, JWSHeader header, JWTClaimsSet claims, String issuer) {

  static UnverifiedToken parse(String token, int maxTokenBytes) {
    if (token == null || token.isEmpty()) {
      throw new AuthException(AuthException.MALFORMED);
    }
    if (token.length() > maxTokenBytes) {
      throw new AuthException(AuthException.TOO_LARGE);
    }
    int dots = 0;
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c == '.') {
        dots++;
      } else if (!isBase64Url(c)) {
        throw new AuthException(AuthException.MALFORMED);
      }
    }
    if (dots == 4) {
      throw new AuthException(AuthException.UNSUPPORTED_TYPE);  // compact JWE: encrypted, not signed
    }
    if (dots != 2) {
      throw new AuthException(AuthException.MALFORMED);
    }
    int first = token.indexOf('.');
    int second = token.indexOf('.', first + 1);
    Base64URL headerPart = new Base64URL(token.substring(0, first));
    JWSHeader header = header(headerPart);
    try {
      SignedJWT jwt = new SignedJWT(headerPart, new Base64URL(token.substring(first + 1, second)),
          new Base64URL(token.substring(second + 1)));
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      String issuer = claims.getIssuer();
      if (issuer == null) {
        throw AuthException.missingClaim("iss");
      }
      return new UnverifiedToken(jwt, header, claims, issuer);
    } catch (ParseException e) {  // bad JSON, a claim of the wrong type, an empty signature
      throw new AuthException(AuthException.MALFORMED);
    }
  }

  private static JWSHeader header(Base64URL part) {
    Header header;
    try {
      header = Header.parse(part);
    } catch (ParseException e) {
      throw new AuthException(AuthException.MALFORMED);
    }
    if (header instanceof JWEHeader) {
      throw new AuthException(AuthException.UNSUPPORTED_TYPE);
    }
    // alg "none" (an unsigned token) and names that are no signature algorithm at all, e.g. "None"
    if (!(header instanceof JWSHeader jws) || !JWSAlgorithm.Family.SIGNATURE.contains(jws.getAlgorithm())
        && !JWSAlgorithm.Family.HMAC_SHA.contains(jws.getAlgorithm())) {
      throw new AuthException(AuthException.ALGORITHM_NOT_ALLOWED);
    }
    // We understand no critical extension, and RFC 7515 says to refuse what we do not understand.
    if (jws.getCriticalParams() != null && !jws.getCriticalParams().isEmpty()) {
      throw new AuthException(AuthException.UNSUPPORTED_CRIT);
    }
    if (!jws.isBase64URLEncodePayload() || !TokenTypes.acceptable(jws.getType())) {
      throw new AuthException(AuthException.UNSUPPORTED_TYPE);
    }
    return jws;
  }

  private static boolean isBase64Url(char c) {
    return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_';
  }
}

package dev.sheaf.auth;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.SecurityContext;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code typ} headers of access tokens: none, plain JWT, or RFC 9068's {@code at+jwt}. Other
 * types (logout tokens, DPoP proofs, security events…) are signed by the same keys but are not
 * access tokens, and must not be usable as such.
 */
final class TokenTypes {

  private static final Set<String> ACCESS_TOKEN_TYPES = Set.of("jwt", "application/jwt", "at+jwt", "application/at+jwt");

  static final JOSEObjectTypeVerifier<SecurityContext> VERIFIER = (type, context) -> {
    if (!acceptable(type)) {
      throw new BadJOSEException("unsupported typ");
    }
  };

  private TokenTypes() {
  }

  static boolean acceptable(JOSEObjectType type) {
    return type == null || ACCESS_TOKEN_TYPES.contains(type.getType().toLowerCase(Locale.ROOT));
  }
}

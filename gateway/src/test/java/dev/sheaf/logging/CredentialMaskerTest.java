package dev.sheaf.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CredentialMaskerTest {

  private static final String JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1MSJ9.c2lnbmF0dXJl";
  private final CredentialMasker masker = new CredentialMasker();

  @Test
  void masksCredentialsWhereverTheyAreInAValue() {
    assertEquals("sent [redacted] to orders", masker.mask(null, "sent Bearer abc.def-123 to orders"));
    assertEquals("[redacted]", masker.mask(null, "BASIC dXNlcjpwYXNz"));
    assertEquals("token [redacted] refused", masker.mask(null, "token " + JWT + " refused"));
    assertEquals("[redacted] and [redacted]", masker.mask(null, "bearer x and " + JWT));
  }

  @Test
  void leavesEverythingElseAlone() {
    assertNull(masker.mask(null, "GET /users/{id}"), "no credential: the encoder writes the value as it is");
    assertNull(masker.mask(null, "basically fine"), "a word that starts like one is not a credential");
    assertNull(masker.mask(null, "eyJ without dots"));
    assertNull(masker.mask(null, 42));
  }

  @Test
  void thePrefilterLetsThroughEveryWayACredentialStarts() {
    assertTrue(CredentialMasker.mayHoldCredential("x eyJ"));
    assertTrue(CredentialMasker.mayHoldCredential("BeArEr "));
    assertTrue(CredentialMasker.mayHoldCredential("Basic"));
    assertFalse(CredentialMasker.mayHoldCredential("orders GET /orders?user={id} 200 12.5"));
    assertFalse(CredentialMasker.mayHoldCredential("ey"));
    assertFalse(CredentialMasker.mayHoldCredential("bea"));
  }
}

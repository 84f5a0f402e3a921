package dev.sheaf.tls;

import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says in the log why a backend's TLS handshake failed: an unknown CA, a name mismatch or a refused
 * client certificate is a configuration problem an operator must see, not a passing network error.
 */
public final class HandshakeFailures {

  private static final Logger LOG = LoggerFactory.getLogger(HandshakeFailures.class);

  private HandshakeFailures() {
  }

  /** Logs a warning and returns true when {@code cause} (or what caused it) is a TLS failure. */
  public static boolean report(String backend, Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof SSLException ssl) {
        LOG.warn("backend {}: TLS handshake failed: {}: {}; check its tls settings (caFiles, trustJvmCas, "
            + "verifyHostname, certFile/keyFile) against the backend's certificate", backend,
            ssl.getClass().getSimpleName(), innermost(ssl).getMessage());
        return true;
      }
    }
    return false;
  }

  private static Throwable innermost(Throwable t) {
    Throwable deepest = t;
    while (deepest.getCause() != null && deepest.getCause() != deepest) {
      deepest = deepest.getCause();
    }
    return deepest;
  }
}

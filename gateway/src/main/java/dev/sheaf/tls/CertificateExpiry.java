package dev.sheaf.tls;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Warns about a backend's configured certificates that expire soon: at start and on every reload that reads them. */
public final class CertificateExpiry {

  private static final Logger LOG = LoggerFactory.getLogger(CertificateExpiry.class);

  private CertificateExpiry() {
  }

  /** Logs one warning per certificate of {@code material} that expires within {@code window} of {@code now}. */
  public static void warnIfSoon(String backend, TlsMaterial material, Duration window, Instant now) {
    for (X509Certificate certificate : material.expiringBy(now.plus(window))) {
      Instant notAfter = certificate.getNotAfter().toInstant();
      boolean client = material.clientChain().contains(certificate);
      LOG.warn("backend {}: its {} certificate {} {} {} ({}); renew it: a reload picks up the new file",
          backend, client ? "client" : "CA", certificate.getSubjectX500Principal().getName(),
          notAfter.isBefore(now) ? "expired on" : "expires on", notAfter,
          notAfter.isBefore(now) ? "calls over TLS will fail" : "within backendTls.expiryWarning");
    }
  }
}

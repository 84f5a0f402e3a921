package dev.sheaf.tls;

import java.time.Duration;

/**
 * The gateway config file's {@code backendTls} section: TLS settings every backend starts from, and
 * how early an expiring certificate is warned about.
 *
 * @param settings      defaults that a backend's own {@code tls:} overrides key by key
 * @param expiryWarning a configured certificate that expires within this is warned about at start and on reload
 */
public record BackendTlsDefaults(TlsSettings settings, Duration expiryWarning) {

  public static final Duration DEFAULT_EXPIRY_WARNING = Duration.ofDays(30);

  public static BackendTlsDefaults defaults() {
    return new BackendTlsDefaults(TlsSettings.NONE, DEFAULT_EXPIRY_WARNING);
  }
}

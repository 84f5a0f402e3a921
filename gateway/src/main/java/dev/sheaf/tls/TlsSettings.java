package dev.sheaf.tls;

import java.nio.file.Path;
import java.util.List;

/**
 * How TLS connections to a backend are made, as written: the files are named, not yet read. The
 * gateway's config file gives defaults ({@code backendTls}); a backend's own {@code tls:} overrides
 * them key by key. A null component means "not given here".
 *
 * @param caFiles        PEM files of the certificate authorities a backend's certificate may be
 *                       signed by, on top of (or, with {@code trustJvmCas: false}, instead of) the JVM's
 * @param trustJvmCas    whether the JVM's own trust store counts too
 * @param verifyHostname whether the backend's certificate must name the host dialled; off for test
 *                       environments only
 * @param certFile       the gateway's client certificate chain (PEM), leaf first, for mutual TLS
 * @param keyFile        its private key (PEM, PKCS#8, encrypted or not)
 * @param keyPassword    the key's password, when it is encrypted (from {@code ${ENV}} or {@code ${file:…}})
 */
public record TlsSettings(List<Path> caFiles, Boolean trustJvmCas, Boolean verifyHostname, Path certFile,
                          Path keyFile, String keyPassword) {

  /** Nothing given: the JVM's trust store, hostnames verified, no client certificate. */
  public static final TlsSettings NONE = new TlsSettings(null, null, null, null, null, null);

  public TlsSettings {
    caFiles = caFiles == null ? null : List.copyOf(caFiles);
  }

  /** These settings over {@code defaults}: each key given here wins, the others come from the defaults. */
  public TlsSettings over(TlsSettings defaults) {
    // A backend with its own client certificate never takes the default's key or password.
    boolean ownIdentity = certFile != null || keyFile != null;
    return new TlsSettings(
        caFiles != null ? caFiles : defaults.caFiles,
        trustJvmCas != null ? trustJvmCas : defaults.trustJvmCas,
        verifyHostname != null ? verifyHostname : defaults.verifyHostname,
        ownIdentity ? certFile : defaults.certFile,
        ownIdentity ? keyFile : defaults.keyFile,
        ownIdentity ? keyPassword : defaults.keyPassword);
  }

  public boolean isNone() {
    return equals(NONE);
  }

  /** Never the password: settings end up in logs and error messages. */
  @Override
  public String toString() {
    return "TlsSettings[caFiles=" + caFiles + ", trustJvmCas=" + trustJvmCas + ", verifyHostname=" + verifyHostname
        + ", certFile=" + certFile + ", keyFile=" + keyFile + ", keyPassword=" + (keyPassword == null ? null : "***")
        + "]";
  }
}

package dev.sheaf.tls;

import dev.sheaf.config.ConfigException;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.TrustOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * A backend's TLS settings with their files read and checked: the certificate authorities it trusts
 * and the client certificate it presents. Equal when the files held the same certificates and key,
 * so a reload that finds a rotated file builds a new client and one that finds the same files keeps
 * the pooled connections.
 *
 * @param authorities    the configured CA certificates (not the JVM's)
 * @param trustJvmCas    whether the JVM's trust store counts too
 * @param verifyHostname whether the backend's certificate must name the host dialled
 * @param clientChain    the client certificate chain, leaf first; empty without mutual TLS
 * @param clientKey      the leaf's private key; null without mutual TLS
 */
public record TlsMaterial(List<X509Certificate> authorities, boolean trustJvmCas, boolean verifyHostname,
                          List<X509Certificate> clientChain, PrivateKey clientKey) {

  /** The JVM's trust store, hostnames verified, no client certificate: plain {@code https}. */
  public static final TlsMaterial JVM_DEFAULTS = new TlsMaterial(List.of(), true, true, List.of(), null);

  private static final char[] IN_MEMORY = new char[0];

  public TlsMaterial {
    authorities = List.copyOf(authorities);
    clientChain = List.copyOf(clientChain);
  }

  /**
   * Reads and checks every file the settings name.
   *
   * @throws ConfigException naming the file and the reason: unreadable, not PEM, a key that does not
   *                         match its certificate, a client certificate without its key
   */
  public static TlsMaterial load(TlsSettings settings) {
    List<X509Certificate> authorities = new ArrayList<>();
    for (Path caFile : settings.caFiles() == null ? List.<Path>of() : settings.caFiles()) {
      authorities.addAll(PemFiles.certificates(caFile));
    }
    boolean trustJvm = settings.trustJvmCas() == null || settings.trustJvmCas();
    if (!trustJvm && authorities.isEmpty()) {
      throw new ConfigException("trustJvmCas: false trusts nothing without caFiles; list the CA bundle files");
    }
    boolean verify = settings.verifyHostname() == null || settings.verifyHostname();
    if ((settings.certFile() == null) != (settings.keyFile() == null)) {
      throw new ConfigException("mutual TLS needs both certFile (the client certificate chain) and keyFile (its key)");
    }
    if (settings.certFile() == null) {
      return new TlsMaterial(authorities, trustJvm, verify, List.of(), null);
    }
    List<X509Certificate> chain = PemFiles.certificates(settings.certFile());
    PrivateKey key = PemFiles.privateKey(settings.keyFile(), settings.keyPassword());
    PemFiles.checkPair(key, chain.get(0), settings.keyFile(), settings.certFile());
    return new TlsMaterial(authorities, trustJvm, verify, chain, key);
  }

  /** Turns TLS on in a client's options, with this trust, hostname verification and client certificate. */
  public HttpClientOptions applyTo(HttpClientOptions options) {
    options.setSsl(true).setVerifyHost(verifyHostname);
    if (!authorities.isEmpty() || !trustJvmCas) { // else the JVM's trust store, which Vert.x uses by default
      options.setTrustOptions(trustOptions());
    }
    if (clientKey != null) {
      options.setKeyCertOptions(keyCertOptions());
    }
    return options;
  }

  public boolean mutual() {
    return clientKey != null;
  }

  /** When the client certificate (the chain's leaf) expires; empty without mutual TLS. */
  public Optional<X509Certificate> clientCertificate() {
    return clientChain.isEmpty() ? Optional.empty() : Optional.of(clientChain.get(0));
  }

  /** The configured CA certificate that expires first; empty when none is configured. */
  public Optional<X509Certificate> firstExpiringAuthority() {
    return authorities.stream().min(Comparator.comparing(X509Certificate::getNotAfter));
  }

  /** Every configured certificate (client chain and authorities) that is past {@code notAfter} at {@code instant}. */
  public List<X509Certificate> expiringBy(Instant instant) {
    List<X509Certificate> all = new ArrayList<>(clientChain);
    all.addAll(authorities);
    return all.stream().filter(c -> c.getNotAfter().toInstant().isBefore(instant)).toList();
  }

  /**
   * Adds what the files held (certificates, key) to a configuration's version: a reload that finds
   * rotated files is then a new configuration, not "unchanged".
   */
  public void digestInto(MessageDigest digest) {
    try {
      for (X509Certificate certificate : authorities) {
        digest.update(certificate.getEncoded());
      }
      for (X509Certificate certificate : clientChain) {
        digest.update(certificate.getEncoded());
      }
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("a certificate that was just decoded cannot be encoded", e);
    }
    if (clientKey != null && clientKey.getEncoded() != null) {
      digest.update(clientKey.getEncoded());
    }
  }

  private TrustOptions trustOptions() {
    try {
      KeyStore store = emptyStore();
      int i = 0;
      for (X509Certificate authority : authorities) {
        store.setCertificateEntry("ca-" + i++, authority);
      }
      if (trustJvmCas) {
        for (X509Certificate authority : jvmAuthorities()) {
          store.setCertificateEntry("jvm-" + i++, authority);
        }
      }
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      return TrustOptions.wrap(factory);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("an in-memory trust store could not be built", e);
    }
  }

  private KeyCertOptions keyCertOptions() {
    try {
      KeyStore store = emptyStore();
      store.setKeyEntry("client", clientKey, IN_MEMORY, clientChain.toArray(X509Certificate[]::new));
      KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      factory.init(store, IN_MEMORY);
      return KeyCertOptions.wrap(factory);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("an in-memory key store could not be built", e);
    }
  }

  private static KeyStore emptyStore() throws GeneralSecurityException, IOException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    return store;
  }

  private static List<X509Certificate> jvmAuthorities() throws GeneralSecurityException {
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init((KeyStore) null);
    List<X509Certificate> authorities = new ArrayList<>();
    for (var manager : factory.getTrustManagers()) {
      if (manager instanceof X509TrustManager x509) {
        authorities.addAll(List.of(x509.getAcceptedIssuers()));
      }
    }
    return authorities;
  }

  /** Subjects and dates only: never the key. */
  @Override
  public String toString() {
    return "TlsMaterial[authorities=" + authorities.stream().map(c -> c.getSubjectX500Principal().getName()).toList()
        + ", trustJvmCas=" + trustJvmCas + ", verifyHostname=" + verifyHostname + ", client="
        + clientCertificate().map(c -> c.getSubjectX500Principal().getName()).orElse("none") + "]";
  }
}

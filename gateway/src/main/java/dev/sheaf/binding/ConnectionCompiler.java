package dev.sheaf.binding;

import dev.sheaf.backend.RestBackend;
import dev.sheaf.binding.BindingFileSpec.BackendSpec;
import dev.sheaf.binding.BindingFileSpec.TlsSpec;
import dev.sheaf.config.ConfigException;
import dev.sheaf.config.ConfigProblems;
import dev.sheaf.tls.BackendTlsDefaults;
import dev.sheaf.tls.CertificateExpiry;
import dev.sheaf.tls.TlsMaterial;
import dev.sheaf.tls.TlsSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads how the gateway connects to one backend ({@code tls}, {@code headers}, {@code http2}):
 * the TLS files are read and checked here, so a start or a reload refuses a missing, malformed or
 * mismatched one, naming the binding file, the key and the PEM file. Header values never appear in
 * a message.
 */
final class ConnectionCompiler {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectionCompiler.class);
  /** RFC 9110 token characters, lower case (HTTP/2 and gRPC metadata names are lower case). */
  private static final Pattern HEADER_NAME = Pattern.compile("[a-z0-9!#$%&'*+.^_`|~-]+");

  private final BindingLoader.LoadedFile file;
  private final String backend;
  private final BackendTlsDefaults defaults;
  private final ConfigProblems problems;

  ConnectionCompiler(BindingLoader.LoadedFile file, String backend, BackendTlsDefaults defaults,
                     ConfigProblems problems) {
    this.file = file;
    this.backend = backend;
    this.defaults = defaults;
    this.problems = problems;
  }

  /**
   * @param url         the REST backend's URL; null for gRPC
   * @param fromClients header names the backend gets from clients (forwarded, claims, authorization)
   * @return the connection, or null when a key was wrong (and reported)
   */
  BackendConfig.Connection compile(BackendSpec spec, URI url, Set<String> fromClients) {
    SecretHeaders headers = headers(spec.headers(), url == null, fromClients);
    boolean http2 = Boolean.TRUE.equals(spec.http2());
    if (http2 && url == null) {
      report("http2", "gRPC always speaks HTTP/2; http2 is for REST backends");
      return null;
    }
    boolean tlsOn = url == null ? spec.tls() != null && spec.tls() != TlsSpec.OFF : "https".equals(url.getScheme());
    if (url != null && spec.tls() != null && !tlsOn) {
      report("tls", "a REST backend's URL decides: https://... connects over TLS (with these settings), http://... does not");
      return null;
    }
    if (url != null && spec.tls() == TlsSpec.OFF) {
      report("tls", "an https:// URL always connects over TLS; write http://... for cleartext");
      return null;
    }
    TlsMaterial tls = tlsOn ? tls(spec.tls()) : null;
    if (headers == null || (tlsOn && tls == null)) {
      return null;
    }
    return new BackendConfig.Connection(tls, headers, http2);
  }

  private TlsMaterial tls(TlsSpec spec) {
    TlsSettings settings = spec == null ? defaults.settings() : own(spec).over(defaults.settings());
    if (settings.isNone()) {
      return TlsMaterial.JVM_DEFAULTS;
    }
    try {
      TlsMaterial material = TlsMaterial.load(settings);
      if (!material.verifyHostname()) {
        LOG.warn("backend {}: TLS hostname verification is OFF (verifyHostname: false): any certificate its CAs "
            + "signed is accepted for any host. For test environments only", backend);
      }
      CertificateExpiry.warnIfSoon(backend, material, defaults.expiryWarning(), Instant.now());
      return material;
    } catch (ConfigException e) {
      report("tls", e.getMessage());
      return null;
    }
  }

  /** The backend's own settings, its paths relative to the binding file's folder. */
  private TlsSettings own(TlsSpec spec) {
    return new TlsSettings(spec.caFiles() == null ? null : spec.caFiles().stream().map(this::path).toList(),
        spec.trustJvmCas(), spec.verifyHostname(), spec.certFile() == null ? null : path(spec.certFile()),
        spec.keyFile() == null ? null : path(spec.keyFile()), spec.keyPassword());
  }

  private Path path(String text) {
    Path path = Path.of(text);
    Path dir = file.path().toAbsolutePath().getParent();
    return path.isAbsolute() || dir == null ? path : dir.resolve(path);
  }

  private SecretHeaders headers(Map<String, String> given, boolean grpc, Set<String> fromClients) {
    if (given == null || given.isEmpty()) {
      return SecretHeaders.NONE;
    }
    Map<String, String> values = new LinkedHashMap<>();
    boolean ok = true;
    for (Map.Entry<String, String> header : given.entrySet()) {
      String name = header.getKey().toLowerCase(Locale.ROOT);
      String problem = problemWith(name, header.getValue(), grpc, fromClients);
      if (problem != null) {
        problems.add(file.path(), file.locator().lineOf("backends", backend, "headers", header.getKey()),
            "backends." + backend + ".headers." + header.getKey(), problem);
        ok = false;
      }
      values.put(name, header.getValue());
    }
    return ok ? new SecretHeaders(values) : null;
  }

  // The messages name the header, never its value: that is often the secret.
  private static String problemWith(String name, String value, boolean grpc, Set<String> fromClients) {
    if (!HEADER_NAME.matcher(name).matches()) {
      return "'" + name + "' is not a header name (letters, digits and !#$%&'*+.^_`|~- only)";
    }
    if (RestBackend.isHopByHop(name) || name.startsWith("grpc-") || List.of("content-type", "te").contains(name)) {
      return "'" + name + "' is set by the gateway's HTTP or gRPC client, not by a binding";
    }
    if (fromClients.contains(name)) {
      return "'" + name + "' already comes from the client (forwardHeaders, forwardAuthorization or "
          + "claimHeaders); a backend gets one value per header";
    }
    if (value == null || value.isEmpty()) {
      return "the value is empty; check the ${...} it is read from";
    }
    if (value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
      return "the value holds a line break or NUL (e.g. a secret file with two lines); a header value is one line";
    }
    if (grpc && name.endsWith("-bin")) {
      return "binary (-bin) gRPC metadata is not supported here; send text metadata";
    }
    return null;
  }

  private void report(String key, String message) {
    problems.add(file.path(), file.locator().lineOf("backends", backend, key), "backends." + backend + "." + key,
        message);
  }
}

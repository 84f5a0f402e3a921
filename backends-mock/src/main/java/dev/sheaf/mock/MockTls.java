package dev.sheaf.mock;

import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.TrustOptions;
import java.util.Objects;

/**
 * How the mock services speak TLS, as a company's internal services do: a server certificate (often
 * from a private CA), ALPN offering HTTP/2 and HTTP/1.1, and optionally a required client certificate.
 *
 * @param identity          the server's certificate chain and key
 * @param clientAuthorities the CAs a client certificate must be signed by; null when none is required
 */
public record MockTls(KeyCertOptions identity, TrustOptions clientAuthorities) {

  public MockTls {
    Objects.requireNonNull(identity, "identity");
  }

  /** TLS with this certificate; clients need none of their own. */
  public static MockTls serverOnly(KeyCertOptions identity) {
    return new MockTls(identity, null);
  }

  /** Mutual TLS: a client without a certificate signed by {@code clientAuthorities} is refused in the handshake. */
  public static MockTls mutual(KeyCertOptions identity, TrustOptions clientAuthorities) {
    return new MockTls(identity, Objects.requireNonNull(clientAuthorities, "clientAuthorities"));
  }

  /** {@code options} turned to TLS (with ALPN: a client may pick h2 or HTTP/1.1). */
  public HttpServerOptions applyTo(HttpServerOptions options) {
    options.setSsl(true).setUseAlpn(true).setKeyCertOptions(identity);
    if (clientAuthorities != null) {
      options.setClientAuth(ClientAuth.REQUIRED).setTrustOptions(clientAuthorities);
    }
    return options;
  }

  /** A server's options: TLS as {@code tls} says, or cleartext (HTTP/1.1, and h2c by prior knowledge) when null. */
  public static HttpServerOptions serverOptions(MockTls tls) {
    HttpServerOptions options = new HttpServerOptions().setHttp2ClearTextEnabled(true);
    return tls == null ? options : tls.applyTo(options);
  }
}

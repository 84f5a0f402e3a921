package dev.sheaf.auth;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Fetches an issuer's JWK set with the Vert.x web client: never blocks a thread. Keeps only public
 * signature keys, whatever else the document holds.
 */
final class JwksFetcher {

  static final long TIMEOUT_MILLIS = 10_000;
  private static final int MAX_BYTES = 512 * 1024;
  private static final Set<KeyType> SIGNATURE_KEY_TYPES = Set.of(KeyType.RSA, KeyType.EC, KeyType.OKP);

  private final WebClient client;
  private final URI url;

  JwksFetcher(WebClient client, URI url) {
    this.client = client;
    this.url = url;
  }

  URI url() {
    return url;
  }

  /** Fails with a short description (status, parse error…) that is fit for the gateway's log. */
  Future<JWKSet> fetch() {
    return client.getAbs(url.toString())
        .putHeader("accept", "application/jwk-set+json, application/json")
        .send()
        .timeout(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
        .compose(this::parse);
  }

  private Future<JWKSet> parse(HttpResponse<Buffer> response) {
    if (response.statusCode() != 200) {
      return Future.failedFuture("answered HTTP " + response.statusCode());
    }
    Buffer body = response.body();
    if (body == null || body.length() == 0 || body.length() > MAX_BYTES) {
      return Future.failedFuture("answered " + (body == null ? 0 : body.length()) + " bytes, not a JWK set");
    }
    JWKSet parsed;
    try {
      parsed = JWKSet.parse(body.toString(StandardCharsets.UTF_8));
    } catch (ParseException e) {
      return Future.failedFuture("answered something that is not a JWK set (" + e.getMessage() + ")");
    }
    // toPublicJWK drops private parts and symmetric keys: a JWKS URL can never make HMAC possible.
    List<JWK> keys = parsed.getKeys().stream()
        .filter(key -> SIGNATURE_KEY_TYPES.contains(key.getKeyType()))
        .map(JWK::toPublicJWK)
        .toList();
    if (keys.isEmpty()) {
      return Future.failedFuture("answered a JWK set without public signature keys");
    }
    return Future.succeededFuture(new JWKSet(keys));
  }
}

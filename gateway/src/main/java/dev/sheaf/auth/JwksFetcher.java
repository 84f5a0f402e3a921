package dev.sheaf.auth;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fetches an issuer's JWK set with the Vert.x HTTP client: never blocks a thread. Keeps only public
 * signature keys, whatever else the document holds.
 *
 * <p>One timer bounds the whole fetch, connection to last byte (an idle timeout alone would let an
 * answer trickled byte by byte run forever). When it fires the request is reset, so a JWKS endpoint
 * that accepts connections and never answers holds no connection past the timeout.
 *
 * <p>Every fetch runs on one Vert.x context, whoever asks for it: the timer and the client's
 * callbacks then share a thread, and a request begun on a thread that is not Vert.x's (seen to
 * stall now and then with the Vert.x 5 client) never happens.
 */
final class JwksFetcher {

  private static final int MAX_BYTES = 512 * 1024;
  private static final Set<KeyType> SIGNATURE_KEY_TYPES = Set.of(KeyType.RSA, KeyType.EC, KeyType.OKP);

  private final Context context;
  private final HttpClient client;
  private final URI url;
  private final long timeoutMillis;

  JwksFetcher(Context context, HttpClient client, URI url, Duration timeout) {
    this.context = context;
    this.client = client;
    this.url = url;
    this.timeoutMillis = timeout.toMillis();
  }

  URI url() {
    return url;
  }

  /** Fails with a short description (timeout, status, parse error…) that is fit for the gateway's log. */
  Future<JWKSet> fetch() {
    Promise<JWKSet> result = Promise.promise();
    context.runOnContext(v -> send(result));
    return result.future();
  }

  private void send(Promise<JWKSet> result) {
    AtomicReference<HttpClientRequest> inFlight = new AtomicReference<>();  // once the client has given one
    long timer = context.owner().setTimer(timeoutMillis, id -> {
      if (result.tryFail("did not answer within " + timeoutMillis + " ms")) {
        reset(inFlight.getAndSet(null));
      }
    });
    client.request(new RequestOptions()
            .setAbsoluteURI(url.toString())
            .setFollowRedirects(false)  // the configured URL is the one trusted, not wherever it points to
            .putHeader("accept", "application/jwk-set+json, application/json")
            .putHeader("user-agent", "sheaf-jwks"))
        .compose(request -> {
          // A reset is how a timed-out fetch ends: expected, and already reported by the result.
          request.exceptionHandler(expected -> { });
          inFlight.set(request);
          if (result.future().isComplete()) {  // timed out while connecting
            reset(inFlight.getAndSet(null));
            return Future.failedFuture("did not answer within " + timeoutMillis + " ms");
          }
          return request.send();
        })
        .compose(response -> response.body().compose(body -> parse(response.statusCode(), body)))
        .onComplete(outcome -> {
          inFlight.set(null);
          context.owner().cancelTimer(timer);
          if (outcome.succeeded()) {
            result.tryComplete(outcome.result());
          } else {
            result.tryFail(outcome.cause());
          }
        });
  }

  private static void reset(HttpClientRequest request) {
    if (request != null) {
      request.reset();
    }
  }

  private static Future<JWKSet> parse(int status, Buffer body) {
    if (status != 200) {
      return Future.failedFuture("answered HTTP " + status);
    }
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

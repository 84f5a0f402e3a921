package dev.sheaf.auth;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates bearer tokens (signed JWTs) against the configured issuers.
 *
 * <p>Threads: {@link #validate} may be called from any thread, event loops included, and never
 * blocks. The signature check is CPU work done on the calling thread. When a token names a key not
 * held yet, the issuer's JWKS is refetched asynchronously (rate-limited) and the check then resumes
 * on the caller's Vert.x context, so the returned future completes there.
 *
 * <p>Life cycle: {@link #create}, then {@link #start} once (first fetch of every JWKS, then a
 * periodic refresh), {@link #close} to stop the timers.
 */
public final class TokenValidator implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TokenValidator.class);

  private final Vertx vertx;
  private final AuthConfig config;
  private final HttpClient client;  // null when no issuer has a JWKS URL
  private final Map<String, IssuerVerifier> verifiers;
  private final Scopes scopes;
  private final List<Long> timers = new CopyOnWriteArrayList<>();
  private final AtomicBoolean started = new AtomicBoolean();
  private volatile boolean closed;

  private TokenValidator(Vertx vertx, AuthConfig config) {
    this.vertx = vertx;
    this.config = config;
    this.scopes = new Scopes(config.scopeClaims());
    boolean anyRemote = config.issuers().stream().anyMatch(AuthConfig.Issuer::remoteKeys);
    // Connecting is part of a fetch: it gets no longer than the whole fetch.
    this.client = anyRemote ? vertx.createHttpClient(new HttpClientOptions()
        .setConnectTimeout((int) config.jwksTimeout().toMillis())) : null;
    Context fetching = vertx.getOrCreateContext();  // where every JWKS fetch runs, see JwksFetcher
    Map<String, IssuerVerifier> byIssuer = new LinkedHashMap<>();
    for (AuthConfig.Issuer issuer : config.issuers()) {
      IssuerKeys keys = issuer.remoteKeys()
          ? IssuerKeys.remote(issuer.issuer(), new JwksFetcher(fetching, client, issuer.jwksUrl(), config.jwksTimeout()),
              config.jwksRefresh(), config.unknownKidMinInterval())
          : IssuerKeys.fixed(issuer.issuer(), issuer.keys());
      byIssuer.put(issuer.issuer(), new IssuerVerifier(issuer, keys, config.clockSkew()));
      if (issuer.audiences().isEmpty()) {
        LOG.warn("issuer {}: no audiences configured, so its tokens for any service are accepted; "
            + "list this gateway's audience under auth.issuers[].audiences", issuer.issuer());
      }
    }
    this.verifiers = Map.copyOf(byIssuer);
  }

  public static TokenValidator create(Vertx vertx, AuthConfig config) {
    return new TokenValidator(vertx, config);
  }

  /**
   * Fetches every JWKS once and starts the periodic refresh. Never fails: an issuer whose IdP is
   * down is logged and retried on the timer, and {@link #ready()} stays false until its keys arrive.
   * The future completes when every first fetch has ended (each within {@code jwksTimeout}); the
   * gateway does not wait for it to listen.
   */
  public Future<Void> start() {
    if (!started.compareAndSet(false, true)) {
      return Future.succeededFuture();
    }
    // Ticks at the shorter interval so that an issuer without keys is retried soon; a held key set
    // is refetched only every jwksRefresh (see IssuerKeys.tick).
    long tick = Math.min(config.jwksRefresh().toMillis(), config.unknownKidMinInterval().toMillis());
    List<Future<Void>> first = new ArrayList<>();
    for (IssuerVerifier verifier : verifiers.values()) {
      IssuerKeys keys = verifier.keys();
      if (keys.remote()) {
        first.add(keys.refresh());
        timers.add(vertx.setPeriodic(tick, tick, id -> keys.tick()));
      }
    }
    return Future.join(first).transform(ignored -> {
      if (!ready() && !closed) {  // a fetch cut short by close() says nothing about the IdP
        LOG.warn("auth: not every issuer has signing keys yet; "
            + "requests with their tokens get 503 until the JWKS answers");
      }
      return Future.succeededFuture();
    });
  }

  /**
   * Fails only with an {@link AuthException}. A token naming a key not held waits for the refetch,
   * which takes at most {@code jwksTimeout}.
   */
  public Future<VerifiedToken> validate(String compactToken) {
    return validate(compactToken, Long.MAX_VALUE);
  }

  /**
   * Like {@link #validate(String)}, waiting for a key refetch at most {@code maxWaitMillis} (what is
   * left of the request's deadline). When that time is up, the keys held decide: an unknown key is
   * refused, an issuer without keys yet is unavailable. The refetch itself goes on for later tokens.
   */
  public Future<VerifiedToken> validate(String compactToken, long maxWaitMillis) {
    try {
      UnverifiedToken token = UnverifiedToken.parse(compactToken, config.maxTokenBytes());
      IssuerVerifier verifier = verifiers.get(token.issuer());
      if (verifier == null) {
        throw new AuthException(AuthException.UNTRUSTED_ISSUER);
      }
      verifier.checkAlgorithm(token.header());
      if (verifier.hasKeyFor(token.header())) {
        return Future.succeededFuture(verified(verifier, token));
      }
      Context caller = Vertx.currentContext();
      return waitAtMost(verifier.keys().refreshForUnknownKid(), maxWaitMillis)
          .compose(fetched -> onContext(caller, () -> afterRefetch(verifier, token)));
    } catch (AuthException e) {
      return Future.failedFuture(e);
    } catch (RuntimeException e) {
      return Future.failedFuture(unexpected(e));
    }
  }

  /** True when every issuer has a usable key set: the readiness of the gateway's auth. */
  public boolean ready() {
    return verifiers.values().stream().allMatch(v -> v.keys().ready());
  }

  /** Stops the refresh timers. Keys held keep serving {@link #validate}, but are no longer refreshed. */
  @Override
  public void close() {
    closed = true;
    timers.forEach(vertx::cancelTimer);
    timers.clear();
    verifiers.values().forEach(v -> v.keys().stop());
    if (client != null) {
      client.close();
    }
  }

  /** Completes when the refetch ends or the time is up, whichever comes first; never fails (nor does the refetch). */
  private Future<Void> waitAtMost(Future<Void> refetch, long maxWaitMillis) {
    if (refetch.isComplete() || maxWaitMillis == Long.MAX_VALUE) {
      return refetch;
    }
    if (maxWaitMillis <= 0) {
      return Future.succeededFuture();
    }
    Promise<Void> waited = Promise.promise();
    long timer = vertx.setTimer(maxWaitMillis, id -> waited.tryComplete());
    refetch.onComplete(ended -> {
      vertx.cancelTimer(timer);
      waited.tryComplete();
    });
    return waited.future();
  }

  private Future<VerifiedToken> afterRefetch(IssuerVerifier verifier, UnverifiedToken token) {
    try {
      if (!verifier.hasKeyFor(token.header())) {
        throw new AuthException(verifier.keys().ready() ? AuthException.UNKNOWN_KEY : AuthException.KEYS_UNAVAILABLE);
      }
      return Future.succeededFuture(verified(verifier, token));
    } catch (AuthException e) {
      return Future.failedFuture(e);
    } catch (RuntimeException e) {
      return Future.failedFuture(unexpected(e));
    }
  }

  private VerifiedToken verified(IssuerVerifier verifier, UnverifiedToken token) {
    var claims = verifier.verify(token);
    return new VerifiedToken(token.issuer(), claims.getSubject(), claims.toJSONObject(), scopes.of(claims));
  }

  private static AuthException unexpected(RuntimeException e) {
    LOG.warn("auth: unexpected failure while validating a token; refusing it", e);
    return new AuthException(AuthException.INVALID);
  }

  /** Runs the work on the caller's context (when it had one), so its future completes there. */
  private static <T> Future<T> onContext(Context caller, Supplier<Future<T>> work) {
    if (caller == null || caller == Vertx.currentContext()) {
      return work.get();
    }
    Promise<T> promise = Promise.promise();
    caller.runOnContext(v -> work.get().onComplete(promise));
    return promise.future();
  }
}

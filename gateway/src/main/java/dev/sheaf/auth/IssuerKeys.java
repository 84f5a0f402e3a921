package dev.sheaf.auth;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key set the gateway holds for one issuer and, for a JWKS URL, its refreshing. Thread-safe:
 * tokens are validated on every event loop at once.
 *
 * <p>A failed fetch never drops the keys held: the last good set serves while the IdP is down or
 * answers garbage. Concurrent refreshes share one fetch. A token naming an unknown key triggers a
 * fetch at most once per {@code unknownKidMinInterval}, so a flood of made-up key ids costs the IdP
 * one request per interval.
 */
final class IssuerKeys {

  private static final Logger LOG = LoggerFactory.getLogger(IssuerKeys.class);
  private static final long NEVER = Long.MIN_VALUE;

  private final String issuer;
  private final JwksFetcher fetcher;  // null: keys from the config, never refreshed
  private final long refreshNanos;
  private final long unknownKidIntervalNanos;
  private final AtomicReference<JWKSet> current = new AtomicReference<>();
  private final AtomicReference<Future<Void>> inFlight = new AtomicReference<>();
  private final AtomicLong lastUnknownKidFetch = new AtomicLong(NEVER);
  private final AtomicLong lastSuccess = new AtomicLong(NEVER);
  private final AtomicBoolean failing = new AtomicBoolean();
  private volatile boolean stopped;

  private IssuerKeys(String issuer, JwksFetcher fetcher, JWKSet keys, Duration refresh, Duration unknownKidInterval) {
    this.issuer = issuer;
    this.fetcher = fetcher;
    this.refreshNanos = refresh.toNanos();
    this.unknownKidIntervalNanos = unknownKidInterval.toNanos();
    current.set(keys);
  }

  static IssuerKeys fixed(String issuer, JWKSet keys) {
    return new IssuerKeys(issuer, null, Objects.requireNonNull(keys), Duration.ZERO, Duration.ZERO);
  }

  static IssuerKeys remote(String issuer, JwksFetcher fetcher, Duration refresh, Duration unknownKidInterval) {
    return new IssuerKeys(issuer, fetcher, null, refresh, unknownKidInterval);
  }

  /** The keys held, or null before the first successful fetch. */
  JWKSet current() {
    return current.get();
  }

  boolean ready() {
    return current.get() != null;
  }

  boolean remote() {
    return fetcher != null;
  }

  /** Called by a periodic timer: fetches when the refresh is due, or while no key set is held. */
  void tick() {
    long last = lastSuccess.get();
    if (!ready() || last == NEVER || System.nanoTime() - last >= refreshNanos) {
      refresh();
    }
  }

  /** No more fetches from now on; the keys held keep serving. */
  void stop() {
    stopped = true;
  }

  /** Fetches now, or joins the fetch in flight. Never fails; completes when the fetch has ended. */
  Future<Void> refresh() {
    if (fetcher == null || stopped) {
      return Future.succeededFuture();
    }
    Promise<Void> done = Promise.promise();
    Future<Void> running = inFlight.compareAndExchange(null, done.future());
    if (running != null) {
      return running;
    }
    Future<JWKSet> fetched;
    try {
      fetched = fetcher.fetch();
    } catch (RuntimeException e) {  // e.g. the client was closed
      fetched = Future.failedFuture(e);
    }
    fetched.onComplete((keys, failure) -> {
      if (failure == null) {
        install(keys);
      } else {
        failed(failure);
      }
      inFlight.set(null);
      done.complete();
    });
    return done.future();
  }

  /**
   * A token names a key that is not held: refetch, unless a refetch for that reason happened less
   * than the interval ago. Completes when the fetch (if any) has ended; never fails.
   */
  Future<Void> refreshForUnknownKid() {
    if (fetcher == null) {
      return Future.succeededFuture();
    }
    Future<Void> running = inFlight.get();
    if (running != null) {
      return running;
    }
    long now = System.nanoTime();
    long last = lastUnknownKidFetch.get();
    if (last != NEVER && now - last < unknownKidIntervalNanos || !lastUnknownKidFetch.compareAndSet(last, now)) {
      running = inFlight.get();
      return running != null ? running : Future.succeededFuture();
    }
    return refresh();
  }

  private void install(JWKSet keys) {
    JWKSet previous = current.getAndSet(keys);
    lastSuccess.set(System.nanoTime());
    List<String> kids = keys.getKeys().stream().map(k -> String.valueOf(k.getKeyID())).sorted().toList();
    if (failing.getAndSet(false)) {
      LOG.info("issuer {}: JWKS at {} answers again; {} keys {}", issuer, fetcher.url(), kids.size(), kids);
    } else if (previous == null || !kids.equals(previous.getKeys().stream().map(JWK::getKeyID)
        .map(String::valueOf).sorted().toList())) {
      LOG.info("issuer {}: {} signing keys {} from {}", issuer, kids.size(), kids, fetcher.url());
    }
  }

  private void failed(Throwable failure) {
    String what = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    String keeping = ready() ? "keeping the " + current.get().size() + " keys held"
        : "no keys yet: requests with its tokens get 503 until a fetch succeeds";
    if (stopped) {
      LOG.debug("issuer {}: JWKS fetch ended by the shutdown: {}", issuer, what);
    } else if (!failing.getAndSet(true)) {
      LOG.warn("issuer {}: JWKS fetch from {} failed: {}; {}", issuer, fetcher.url(), what, keeping);
    } else {
      LOG.debug("issuer {}: JWKS fetch from {} failed again: {}", issuer, fetcher.url(), what);
    }
  }
}

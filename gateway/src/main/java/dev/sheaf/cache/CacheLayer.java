package dev.sheaf.cache;

import dev.sheaf.backend.BackendException;
import dev.sheaf.binding.BackendConfig;
import dev.sheaf.pipeline.BackendCall;
import dev.sheaf.pipeline.CallRecord;
import dev.sheaf.pipeline.BackendHandler;
import dev.sheaf.pipeline.CacheExchange;
import dev.sheaf.pipeline.CacheExchange.Source;
import dev.sheaf.pipeline.Layer;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * A cached backend's layer: a read whose answer is stored and fresh makes no call; a stale one that
 * can be revalidated is asked for with its validators (a 304 renews it); identical reads in flight
 * at the same moment, from any client request, make one call and share its answer (single-flight),
 * whether or not the answer may be stored. Writes pass through untouched.
 */
final class CacheLayer implements Layer {

  private final BackendConfig config;
  private final AnswerCache cache;
  /** The backend's entries' namespace in Redis (see {@link AnswerCache#namespace}). */
  private final String namespace;

  CacheLayer(BackendConfig config, AnswerCache cache, String namespace) {
    this.config = config;
    this.cache = cache;
    this.namespace = namespace;
  }

  /** What one call to the backend brought: the value, and how it may be stored (null: not at all). */
  record Fetched(Object value, Lifetime lifetime, long bytes, Source source) {
  }

  @Override
  public BackendHandler wrap(BackendHandler next) {
    return call -> {
      AnswerKey key = AnswerKey.of(call.backend(), call.route(), call.request());
      if (key == null) {
        return next.handle(call); // a write
      }
      boolean perCaller = carriesCaller(key);
      if (perCaller && !config.cache().perCaller()) {
        cache.count(AnswerCache.BYPASS);
        call.client().usedUnstored(0);
        return next.handle(call);
      }
      boolean perKey = call.cache() != null && call.cache().perKey();
      CallRecord record = call.client().records() == null ? null : call.client().records().recordOf(call);
      if (perKey) {
        return served(next, call, key, null, perCaller, record); // the batch's objects are looked up one by one
      }
      return cache.stored(namespace, key).compose(stored -> served(next, call, key, stored, perCaller, record));
    };
  }

  /** The stored answer when it is fresh (or may be served stale); else what the backend answers. */
  private Future<Object> served(BackendHandler next, BackendCall call, AnswerKey key, StoredAnswer stored,
                                boolean perCaller, CallRecord record) {
    long now = System.nanoTime();
    if (stored != null && stored.lifetime().freshAt(now)) {
      cache.count(AnswerCache.HIT);
      return Future.succeededFuture(used(call, record, key, stored.value(), stored.lifetime(), Source.CACHE, now));
    }
    if (stored != null && stored.lifetime().servableWhileRevalidating(now)) {
      cache.count(AnswerCache.STALE);
      fetch(next, call, key, stored, perCaller); // in the background, shared with any call that joins it
      return Future.succeededFuture(used(call, record, key, stored.value(), null, Source.STALE, now));
    }
    return fetch(next, call, key, stored, perCaller)
        .map(fetched -> used(call, record, key, fetched.value(), fetched.lifetime(), fetched.source(),
            System.nanoTime()));
  }

  /** The call carries who the caller is: its entry is that caller's alone. */
  private boolean carriesCaller(AnswerKey key) {
    if (key.headers().containsKey("authorization")) {
      return true;
    }
    for (String header : config.claimHeaders().keySet()) {
      if (key.headers().containsKey(header)) {
        return true;
      }
    }
    return false;
  }

  /** Records the answer on the call's request (and exchange, for an entity batch); returns its value. */
  private Object used(BackendCall call, CallRecord record, AnswerKey key, Object value, Lifetime lifetime,
                      Source source, long now) {
    if (record != null && source != Source.BACKEND) {
      record.servedByCache(source == Source.CACHE ? "hit" : source.name().toLowerCase(java.util.Locale.ROOT));
    }
    long freshFor = lifetime == null ? 0 : lifetime.freshForMillis(now);
    CacheExchange exchange = call.cache();
    if (exchange != null) {
      exchange.decided(source, lifetime, freshFor);
    }
    if (exchange != null && exchange.perKey()) {
      return value; // the batch's objects are stored, and recorded, one by one
    }
    if (lifetime != null && source != Source.STALE && freshFor > 0) {
      call.client().usedStored(key, value, freshFor);
    } else {
      call.client().usedUnstored(freshFor);
    }
    return value;
  }

  /** One call for every identical read in flight; its answer delivered on each asker's own event loop. */
  private Future<Fetched> fetch(BackendHandler next, BackendCall call, AnswerKey key, StoredAnswer stored,
                                boolean perCaller) {
    Context asker = Vertx.currentContext();
    Promise<Fetched> mine = Promise.promise();
    Future<Fetched> flight = cache.joinOrLead(key, mine.future());
    if (flight != mine.future()) {
      cache.count(AnswerCache.COALESCED);
      return on(asker, flight).map(f -> new Fetched(f.value(), f.lifetime(), f.bytes(), Source.COALESCED));
    }
    if (call.cache() == null || !call.cache().perKey()) {
      cache.count(stored == null ? AnswerCache.MISS : AnswerCache.REVALIDATE); // a batch's keys count one by one
    }
    CacheExchange exchange = new CacheExchange(false);
    if (stored != null && stored.lifetime().revalidatable()) {
      exchange.revalidate(stored.lifetime().etag(), stored.lifetime().lastModified());
    }
    Future<Object> answer;
    try {
      answer = next.handle(call.withCache(exchange));
    } catch (RuntimeException e) {
      cache.land(key, mine.future());
      throw e;
    }
    answer.onComplete(outcome -> {
      cache.land(key, mine.future());
      long now = System.nanoTime();
      if (outcome.succeeded()) {
        mine.complete(answered(call, key, stored, exchange, outcome.result(), perCaller, now));
      } else if (stored != null && stored.lifetime().servableOnError(now) && backendFault(outcome.cause())) {
        cache.count(AnswerCache.STALE_ON_ERROR);
        mine.complete(new Fetched(stored.value(), null, stored.bytes(), Source.STALE));
      } else {
        mine.fail(outcome.cause());
      }
    });
    return on(asker, mine.future());
  }

  private Fetched answered(BackendCall call, AnswerKey key, StoredAnswer stored, CacheExchange exchange, Object value,
                           boolean perCaller, long now) {
    if (exchange.wasNotModified() && stored != null && exchange.etag() == null && exchange.lastModified() == null) {
      // A 304 may leave its validators out: the stored answer's still stand for it.
      exchange.answered(exchange.cacheControl(), stored.lifetime().etag(), stored.lifetime().lastModified(),
          exchange.age(), exchange.bytes());
    }
    Lifetime lifetime = Lifetime.of(exchange, config.cache(), perCaller, now);
    if (exchange.wasNotModified() && stored != null) {
      store(call, key, stored.value(), lifetime, stored.bytes() - key.bytes());
      return new Fetched(stored.value(), lifetime, stored.bytes(), Source.REVALIDATED);
    }
    store(call, key, value, lifetime, exchange.bytes());
    return new Fetched(value, lifetime, exchange.bytes(), Source.BACKEND);
  }

  private void store(BackendCall call, AnswerKey key, Object value, Lifetime lifetime, long bytes) {
    boolean perKey = call.cache() != null && call.cache().perKey();
    if (lifetime == null) {
      cache.forget(namespace, key); // no-store now: an older copy must not be served either
    } else if (!perKey) {
      cache.store(namespace, key, new StoredAnswer(value, lifetime, bytes + key.bytes()));
    }
  }

  /** Failures that say the backend cannot answer now: what stale-if-error covers (RFC 5861). */
  private static boolean backendFault(Throwable failure) {
    if (!(failure instanceof BackendException be)) {
      return false;
    }
    return switch (be.code()) {
      case BACKEND_UNAVAILABLE, BACKEND_TIMEOUT -> true;
      case BACKEND_ERROR -> be.status() >= 500;
      default -> false;
    };
  }

  /**
   * The flight's outcome on the asker's event loop: a request's scope is confined to its own loop,
   * and a shared call may end on another one.
   */
  private static <T> Future<T> on(Context asker, Future<T> flight) {
    if (asker == null || flight.isComplete()) {
      return flight;
    }
    Promise<T> here = Promise.promise();
    flight.onComplete(outcome -> {
      if (Vertx.currentContext() == asker) {
        here.handle(outcome);
      } else {
        asker.runOnContext(v -> here.handle(outcome));
      }
    });
    return here.future();
  }
}

package dev.sheaf.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.sheaf.binding.BackendConfig;
import dev.sheaf.config.CacheConfig;
import dev.sheaf.config.RedisConfig;
import dev.sheaf.pipeline.CallCache;
import dev.sheaf.pipeline.Layer;
import dev.sheaf.pipeline.RequestCalls;
import dev.sheaf.redis.SharedRedis;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The gateway's store of backend answers, in memory (Caffeine), bounded by bytes; one per gateway,
 * so answers outlive a reload. Holds whole answers by their rendered call, the objects of entity
 * batches one by one, the calls in flight that identical calls join, and what each REST composite
 * answer was built from (so a conditional GET can be answered 304 without running again).
 *
 * <p>With {@code cache.store: redis} answers and entity objects go to the Redis the replicas share
 * too ({@link RedisAnswers}), and memory becomes a small first tier in front of it: a copy is kept
 * here for {@link #LOCAL_FOR} at most, so a hot answer costs no round trip, while a mutation on
 * another replica reaches this one within that time. Calls in flight and composites stay per instance.
 *
 * <p>Metrics: {@code sheaf_cache_lookups_total{outcome}} (hit, miss, stale, revalidate, coalesced,
 * stale_on_error, bypass), {@code sheaf_cache_evictions_total}, {@code sheaf_cache_bytes},
 * {@code sheaf_cache_entries}; with Redis, {@code sheaf_cache_redis_bypasses_total{op}}.
 */
public final class AnswerCache implements CallCache {

  static final String HIT = "hit";
  static final String MISS = "miss";
  static final String STALE = "stale";
  static final String REVALIDATE = "revalidate";
  static final String COALESCED = "coalesced";
  static final String STALE_ON_ERROR = "stale_on_error";
  static final String BYPASS = "bypass";
  private static final List<String> OUTCOMES = List.of(HIT, MISS, STALE, REVALIDATE, COALESCED, STALE_ON_ERROR, BYPASS);
  /** Composite answers remembered for their ETag; each entry is small (a tag and a few keys). */
  private static final int COMPOSITE_ENTRIES = 10_000;
  /** How long memory keeps a copy of an answer that lives in Redis: what a mutation elsewhere may take to be seen here. */
  static final Duration LOCAL_FOR = Duration.ofSeconds(1);

  private final Cache<Object, StoredAnswer> answers;
  private final Cache<String, CompositeAnswer> composites;
  private final Map<AnswerKey, Future<CacheLayer.Fetched>> inFlight = new ConcurrentHashMap<>();
  private final Map<String, Counter> lookups = new ConcurrentHashMap<>();
  /** The shared tier, or null when answers stay in this instance. */
  private final RedisAnswers shared;
  private final long maxEntryBytes;
  /** Each cached backend's namespace in Redis, for entity objects (calls get theirs from their layer). */
  private final Map<String, String> namespaces = new ConcurrentHashMap<>();
  /** Marks requests that used a backend this cache does not keep: their composites are never answered 304 early. */
  private final Layer uncached = next -> call -> {
    call.client().usedUnstored(-1);
    return next.handle(call);
  };

  /** A composite answer's ETag and Cache-Control, and the stored answers it was built from. */
  public record CompositeAnswer(String etag, String cacheControl, List<RequestCalls.StoredUse> uses) {
  }

  /** A cache in this instance's memory alone. */
  public AnswerCache(CacheConfig config, MeterRegistry registry) {
    this(config, registry, null);
  }

  /**
   * @param redis the Redis the replicas share, or null
   * @throws dev.sheaf.config.ConfigException with {@code cache.store: redis} and no Redis
   */
  public AnswerCache(CacheConfig config, MeterRegistry registry, SharedRedis redis) {
    if (redis == null) {
      config.checkStore(RedisConfig.defaults());
    }
    this.shared = config.shared() ? new RedisAnswers(redis, registry) : null;
    this.maxEntryBytes = config.maxEntryBytes();
    long localNanos = shared == null ? Long.MAX_VALUE : LOCAL_FOR.toNanos();
    this.answers = Caffeine.newBuilder()
        .maximumWeight(config.maxBytes())
        .weigher((Object key, StoredAnswer answer) -> (int) Math.min(Integer.MAX_VALUE, answer.bytes()))
        .expireAfter(Expiry.writing((Object key, StoredAnswer answer) ->
            Duration.ofNanos(Math.min(localNanos, answer.lifetime().keepForNanos(System.nanoTime())))))
        .recordStats()
        .build();
    this.composites = Caffeine.newBuilder().maximumSize(COMPOSITE_ENTRIES).build();
    for (String outcome : OUTCOMES) {
      lookups.put(outcome, Counter.builder("sheaf.cache.lookups").tag("outcome", outcome)
          .description("Cacheable backend calls by what the answer cache did with them").register(registry));
    }
    FunctionCounter.builder("sheaf.cache.evictions", answers, c -> c.stats().evictionCount())
        .description("Answers evicted to keep the cache within cache.maxBytes").register(registry);
    Gauge.builder("sheaf.cache.bytes", answers, c -> c.policy().eviction().map(e -> e.weightedSize().orElse(0))
            .orElse(0L)).description("Bytes of the answers held").strongReference(true).register(registry);
    Gauge.builder("sheaf.cache.entries", answers, Cache::estimatedSize)
        .description("Answers and entity objects held").strongReference(true).register(registry);
  }

  /** The backend's cache layer; a backend without {@code cache:} gets a layer that only marks its requests. */
  @Override
  public Layer layer(BackendConfig config) {
    if (config.cache() == null) {
      return uncached;
    }
    String namespace = namespace(config);
    namespaces.put(config.name(), namespace);
    return new CacheLayer(config, this, namespace);
  }

  /**
   * A digest of what an answer depends on besides the call: where the backend is, how the gateway
   * connects (headers sent on every call, TLS) and its cache settings. Replicas whose declarations
   * differ (a rolling change of address) never share entries in Redis.
   */
  static String namespace(BackendConfig config) {
    MessageDigest digest = RedisAnswers.sha256();
    BackendConfig.Grpc grpc = config.grpc();
    RedisAnswers.update(digest, config.name(), String.valueOf(config.url()),
        grpc == null ? "" : grpc.host() + ":" + grpc.port() + ":" + grpc.tls(),
        config.cache().ttl().toString(), Boolean.toString(config.cache().perCaller()));
    if (config.connection() != null) {
      config.connection().digestInto(digest);
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(digest.digest()).substring(0, 12);
  }

  void count(String outcome) {
    lookups.get(outcome).increment();
  }

  /**
   * The stored answer of a call: from memory when a fresh one is there, else from Redis (when
   * shared; its answer is then copied to memory), else what memory holds, or null.
   */
  Future<StoredAnswer> stored(String namespace, AnswerKey key) {
    StoredAnswer local = answers.getIfPresent(key);
    if (shared == null || (local != null && local.lifetime().freshAt(System.nanoTime()))) {
      return Future.succeededFuture(local);
    }
    return shared.get(namespace, key).map(found -> {
      if (found == null) {
        return local;
      }
      answers.put(key, found);
      return found;
    });
  }

  /** Stores a call's answer; one bigger than {@code cache.maxEntryBytes} is not stored, and drops an older copy. */
  void store(String namespace, Object key, StoredAnswer answer) {
    if (answer.bytes() > maxEntryBytes) {
      forget(namespace, key);
      return;
    }
    answers.put(key, answer);
    if (shared != null) {
      shared.put(namespace, Map.of(key, answer));
    }
  }

  void forget(String namespace, Object key) {
    answers.invalidate(key);
    if (shared != null) {
      shared.forget(namespace, key);
    }
  }

  /** The call in flight for this key, or {@code mine} when it is the first: then it must {@link #land} it. */
  Future<CacheLayer.Fetched> joinOrLead(AnswerKey key, Future<CacheLayer.Fetched> mine) {
    Future<CacheLayer.Fetched> flying = inFlight.putIfAbsent(key, mine);
    return flying == null ? mine : flying;
  }

  void land(AnswerKey key, Future<CacheLayer.Fetched> mine) {
    inFlight.remove(key, mine);
  }

  /**
   * The stored objects of entities, those that are fresh: from memory, then the others in one
   * round trip from Redis (when shared).
   *
   * @param headers what the batch call carries, its request id left out
   * @return the value and how much longer it is fresh, by key, for the keys found; never a failed future
   */
  public Future<Map<String, EntityHit>> entities(String backend, String type, List<String> keys,
                                                 Map<String, String> headers) {
    long now = System.nanoTime();
    Map<String, EntityHit> hits = new HashMap<>(keys.size() * 2);
    List<String> notHere = new ArrayList<>();
    for (String key : keys) {
      EntityKey entityKey = new EntityKey(backend, type, key, headers);
      StoredAnswer stored = answers.getIfPresent(entityKey);
      if (stored != null && stored.lifetime().freshAt(now)) {
        hits.put(key, new EntityHit(entityKey, stored.value(), stored.lifetime().freshForMillis(now)));
      } else {
        notHere.add(key);
      }
    }
    String namespace = namespaces.get(backend);
    if (shared == null || namespace == null || notHere.isEmpty()) {
      return Future.succeededFuture(counted(hits, keys.size()));
    }
    return shared.entities(namespace, backend, type, notHere, headers).map(found -> {
      long at = System.nanoTime();
      found.forEach((key, stored) -> {
        if (stored.lifetime().freshAt(at)) {
          EntityKey entityKey = new EntityKey(backend, type, key, headers);
          answers.put(entityKey, stored);
          hits.put(key, new EntityHit(entityKey, stored.value(), stored.lifetime().freshForMillis(at)));
        }
      });
      return counted(hits, keys.size());
    });
  }

  private Map<String, EntityHit> counted(Map<String, EntityHit> hits, int asked) {
    lookups.get(HIT).increment(hits.size());
    lookups.get(MISS).increment(asked - hits.size());
    return hits;
  }

  /** A stored entity object: its key in the cache (for the request's record), value and remaining freshness. */
  public record EntityHit(Object cacheKey, Object value, long freshForMillis) {
  }

  /**
   * Stores the objects of one batch answer by key, as long as the batch answer may be kept.
   *
   * @param lifetime what the cache layer decided for the batch (its exchange's lifetime), or null
   * @param bytes    the whole answer's size, shared out over its objects
   * @return the cache keys of the objects stored, by entity key; empty when none may be
   */
  public Map<String, Object> storeEntities(String backend, String type, Map<String, Object> byKey,
                                           Map<String, String> headers, Object lifetime, long bytes) {
    if (!(lifetime instanceof Lifetime life) || byKey.isEmpty()) {
      return Map.of();
    }
    long each = Math.max(1, bytes / byKey.size());
    Map<String, Object> keys = new HashMap<>();
    Map<Object, StoredAnswer> stored = new HashMap<>();
    byKey.forEach((key, value) -> {
      EntityKey entityKey = new EntityKey(backend, type, key, headers);
      StoredAnswer answer = new StoredAnswer(value, life, each + entityKey.bytes());
      if (answer.bytes() <= maxEntryBytes) {
        answers.put(entityKey, answer);
        stored.put(entityKey, answer);
        keys.put(key, entityKey);
      }
    });
    String namespace = namespaces.get(backend);
    if (shared != null && namespace != null) {
      shared.put(namespace, stored);
    }
    return keys;
  }

  /**
   * Forgets every answer a mutation made stale: those of the named entity types and of the named
   * read calls (as bound). A walk over the keys, as mutations are rare next to reads; in Redis, one
   * counter per name that every replica's lookups read.
   */
  public void invalidate(List<String> names) {
    Set<String> named = Set.copyOf(names);
    answers.asMap().keySet().removeIf(key -> key instanceof EntityKey e ? named.contains(e.type())
        : key instanceof AnswerKey a && named.contains(a.route()));
    if (shared != null) {
      shared.invalidate(List.copyOf(named));
    }
  }

  /**
   * Forgets what one backend answered: its configuration changed (another address, other headers).
   * Its entries in Redis stay: when what its answers depend on changed (address, connection, cache
   * settings), the new declaration reads under another namespace.
   */
  public void forgetBackend(String backend) {
    answers.asMap().keySet().removeIf(key -> key instanceof EntityKey e ? e.backend().equals(backend)
        : key instanceof AnswerKey a && a.backend().equals(backend));
  }

  /**
   * Remembers a composite answer's ETag and what it was built from, when every answer it used is
   * stored; otherwise forgets any earlier one under the scope.
   *
   * @param scope the endpoint, its parameters and what the caller sends that answers vary by
   */
  public void rememberComposite(String scope, String etag, String cacheControl, RequestCalls calls) {
    if (calls.allStored()) {
      composites.put(scope, new CompositeAnswer(etag, cacheControl, calls.storedUses()));
    } else {
      composites.invalidate(scope);
    }
  }

  /**
   * The composite answer the client holds (it sent its ETag), when every answer it was built from is
   * still stored, unchanged and fresh: then it need not run again. Null otherwise.
   */
  public CompositeAnswer stillCurrent(String scope, Predicate<String> clientHolds) {
    CompositeAnswer known = composites.getIfPresent(scope);
    if (known == null || !clientHolds.test(known.etag())) {
      return null;
    }
    long now = System.nanoTime();
    for (RequestCalls.StoredUse use : known.uses()) {
      StoredAnswer stored = answers.getIfPresent(use.key());
      if (stored == null || stored.value() != use.value() || !stored.lifetime().freshAt(now)) {
        return null;
      }
    }
    return known;
  }
}

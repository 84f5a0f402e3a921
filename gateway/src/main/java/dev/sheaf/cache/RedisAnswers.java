package dev.sheaf.cache;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sheaf.redis.SharedRedis;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The answer cache's shared tier: answers and entity objects in the Redis the replicas share, so
 * an answer one replica fetched serves them all.
 *
 * <p>An entry is keyed by a digest of the rendered call (the same fields as {@link AnswerKey} and
 * {@link EntityKey}: headers, and so the caller's identity, included) under the backend's
 * namespace (a digest of its address and connection), so replicas share an entry only when the
 * backend would see the same request at the same place. Its Redis TTL is how long the memory store
 * would keep it (fresh, then stale windows), and it holds its freshness as offsets from that expiry:
 * read with {@code PTTL}, freshness is measured by Redis's clock alone, whatever the replicas' clocks say.
 *
 * <p>A mutation's {@code invalidates:} bumps a generation per name (route or entity type); an entry
 * carries the generation of its name it was stored under, and one of an older generation is a miss.
 *
 * <p>Redis failing or answering later than {@code redis.timeout} is a bypass: a lookup is a miss
 * (the backend is called), a store or invalidation is skipped; each is counted in
 * {@code sheaf_cache_redis_bypasses_total{op}}. Once Redis fails, lookups skip it without waiting
 * and one lookup a second probes it, so a Redis that is down costs requests no time.
 */
final class RedisAnswers {

  static final String PREFIX = "sheaf:cache:";
  static final String GENERATION = PREFIX + "generation:";
  private static final String USE = "answerCache";
  private static final long PROBE_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final long NANOS_PER_MILLI = TimeUnit.MILLISECONDS.toNanos(1);
  private static final TypeReference<Map<String, Object>> ENVELOPE = new TypeReference<>() {
  };

  private final SharedRedis redis;
  // Values are what the transports decoded with a default ObjectMapper: written and read back alike.
  private final ObjectMapper json = new ObjectMapper();
  private final Map<String, Counter> bypasses = new HashMap<>();
  /** The latest generation seen of each name: what an entry stored now is stored under. */
  private final Map<String, Long> generations = new ConcurrentHashMap<>();
  private volatile boolean down;
  private final AtomicLong nextProbe = new AtomicLong();

  RedisAnswers(SharedRedis redis, MeterRegistry registry) {
    this.redis = redis;
    for (String op : List.of("get", "set", "invalidate")) {
      bypasses.put(op, Counter.builder("sheaf.cache.redis.bypasses").tag("op", op)
          .description("Answer cache operations that went without Redis (it failed, timed out or is down): "
              + "a lookup became a miss, a store or invalidation was skipped").register(registry));
    }
  }

  /** The stored answer of a call, or null (none, of an older generation, or Redis did not answer). */
  Future<StoredAnswer> get(String namespace, AnswerKey key) {
    if (skip("get")) {
      return Future.succeededFuture(null);
    }
    String entry = entryKey(namespace, key);
    List<Request> commands = List.of(Request.cmd(Command.GET, GENERATION + key.route()),
        Request.cmd(Command.GET, entry), Request.cmd(Command.PTTL, entry));
    return sent(redis.batch(commands, USE), "get").map(replies -> {
      if (replies == null) {
        return null;
      }
      long generation = seen(key.route(), replies.get(0));
      return decode(replies.get(1), replies.get(2), generation, System.nanoTime());
    }).otherwise((StoredAnswer) null); // what no gateway wrote (a counter that is not a number): a miss
  }

  /**
   * The stored objects of an entity type, by key, in one round trip.
   *
   * @return those found; empty when none is or Redis did not answer
   */
  Future<Map<String, StoredAnswer>> entities(String namespace, String backend, String type, List<String> keys,
                                             Map<String, String> headers) {
    if (keys.isEmpty() || skip("get")) {
      return Future.succeededFuture(Map.of());
    }
    List<Request> commands = new ArrayList<>(1 + 2 * keys.size());
    commands.add(Request.cmd(Command.GET, GENERATION + type));
    for (String key : keys) {
      String entry = entryKey(namespace, new EntityKey(backend, type, key, headers));
      commands.add(Request.cmd(Command.GET, entry));
      commands.add(Request.cmd(Command.PTTL, entry));
    }
    return sent(redis.batch(commands, USE), "get").<Map<String, StoredAnswer>>map(replies -> {
      if (replies == null) {
        return Map.of();
      }
      long generation = seen(type, replies.get(0));
      long now = System.nanoTime();
      Map<String, StoredAnswer> found = new HashMap<>();
      for (int i = 0; i < keys.size(); i++) {
        StoredAnswer stored = decode(replies.get(1 + 2 * i), replies.get(2 + 2 * i), generation, now);
        if (stored != null) {
          found.put(keys.get(i), stored);
        }
      }
      return found;
    }).otherwise(Map.of());
  }

  /** Stores answers (a call's, or an entity batch's objects); what Redis says is not waited for. */
  void put(String namespace, Map<Object, StoredAnswer> answers) {
    if (answers.isEmpty() || skip("set")) {
      return;
    }
    long now = System.nanoTime();
    List<Request> commands = new ArrayList<>(answers.size());
    answers.forEach((key, answer) -> {
      long keepMillis = Math.max(1, divideUp(answer.lifetime().keepForNanos(now), NANOS_PER_MILLI));
      byte[] envelope = encode(answer, generations.getOrDefault(nameOf(key), 0L), keepMillis, now);
      if (envelope != null) {
        commands.add(Request.cmd(Command.SET).arg(entryKey(namespace, key)).arg(envelope).arg("PX").arg(keepMillis));
      }
    });
    if (!commands.isEmpty()) {
      sent(redis.batch(commands, USE), "set");
    }
  }

  /** Drops a call's stored answer: the backend said no-store, or its answer is too big to keep. */
  void forget(String namespace, Object key) {
    if (!skip("set")) {
      sent(redis.send(Request.cmd(Command.DEL, entryKey(namespace, key)), USE), "set");
    }
  }

  /** Makes every stored answer of these routes and entity types a miss, on every replica. */
  void invalidate(List<String> names) {
    if (names.isEmpty() || skip("invalidate")) {
      return;
    }
    List<Request> commands = names.stream().map(name -> Request.cmd(Command.INCR, GENERATION + name)).toList();
    sent(redis.batch(commands, USE), "invalidate").onSuccess(replies -> {
      if (replies != null) {
        for (int i = 0; i < names.size(); i++) {
          seen(names.get(i), replies.get(i));
        }
      }
    });
  }

  /**
   * Redis's answer, or null when it failed or timed out (counted, and Redis marked down until a
   * probe finds it again); never a failed future.
   */
  private <T> Future<T> sent(Future<T> reply, String op) {
    return reply.map(r -> {
      down = false;
      return r;
    }).otherwise(e -> {
      bypasses.get(op).increment();
      if (!(e instanceof Response)) { // an error Redis answered says it is there
        nextProbe.set(System.nanoTime() + PROBE_EVERY_NANOS);
        down = true;
      }
      return null;
    });
  }

  /** While Redis is down, every operation but one probe a second goes without it, counted. */
  private boolean skip(String op) {
    if (!down) {
      return false;
    }
    long now = System.nanoTime();
    long next = nextProbe.get();
    if (now - next >= 0 && nextProbe.compareAndSet(next, now + PROBE_EVERY_NANOS)) {
      return false;
    }
    bypasses.get(op).increment();
    return true;
  }

  private long seen(String name, Response reply) {
    long generation = reply == null ? 0 : reply.toLong();
    generations.merge(name, generation, Math::max);
    return generation;
  }

  /**
   * The envelope: the value, its size, its validators, the generation it was stored under, and when
   * its freshness and stale windows end, as milliseconds before the entry expires.
   */
  private byte[] encode(StoredAnswer answer, long generation, long keepMillis, long now) {
    Lifetime life = answer.lifetime();
    Map<String, Object> envelope = new LinkedHashMap<>();
    envelope.put("g", generation);
    envelope.put("f", keepMillis - remainingMillis(life.freshUntil(), now));
    envelope.put("w", keepMillis - remainingMillis(life.staleWhileRevalidateUntil(), now));
    envelope.put("e", keepMillis - remainingMillis(life.staleIfErrorUntil(), now));
    envelope.put("t", life.etag());
    envelope.put("m", life.lastModified());
    envelope.put("b", answer.bytes());
    envelope.put("v", answer.value());
    try {
      return json.writeValueAsBytes(envelope);
    } catch (IOException e) {
      return null; // a value no JSON carries stays in this instance's memory only
    }
  }

  private StoredAnswer decode(Response entry, Response ttl, long generation, long now) {
    if (entry == null || ttl == null || ttl.toLong() <= 0) {
      return null;
    }
    Map<String, Object> envelope;
    try {
      envelope = json.readValue(entry.toBuffer().getBytes(), ENVELOPE);
    } catch (IOException e) {
      return null; // written by another version of the gateway: a miss, overwritten by this answer
    }
    if (number(envelope.get("g")) != generation) {
      return null; // a mutation made it stale after it was stored
    }
    long left = ttl.toLong();
    Lifetime life = new Lifetime(now + (left - number(envelope.get("f"))) * NANOS_PER_MILLI,
        now + (left - number(envelope.get("w"))) * NANOS_PER_MILLI,
        now + (left - number(envelope.get("e"))) * NANOS_PER_MILLI,
        (String) envelope.get("t"), (String) envelope.get("m"));
    return new StoredAnswer(envelope.get("v"), life, number(envelope.get("b")));
  }

  private static long number(Object value) {
    return value instanceof Number n ? n.longValue() : -1;
  }

  private static long remainingMillis(long until, long now) {
    return Math.max(0, (until - now) / NANOS_PER_MILLI);
  }

  private static long divideUp(long a, long b) {
    return (a + b - 1) / b;
  }

  /** What a mutation names to invalidate the entry: its route, or its entity type. */
  private static String nameOf(Object key) {
    return key instanceof EntityKey e ? e.type() : ((AnswerKey) key).route();
  }

  /** The entry's Redis key: the namespace and a digest of everything the memory store's key holds. */
  static String entryKey(String namespace, Object key) {
    MessageDigest digest = sha256();
    if (key instanceof EntityKey e) {
      update(digest, "entity", e.backend(), e.type(), e.key());
      headers(digest, e.headers());
    } else {
      AnswerKey a = (AnswerKey) key;
      update(digest, "call", a.backend(), a.route(), a.target());
      headers(digest, a.headers());
      if (a.body() != null) {
        digest.update(a.body().getBytes());
      }
    }
    return PREFIX + namespace + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest.digest());
  }

  private static void headers(MessageDigest digest, Map<String, String> headers) {
    // Sorted: two calls with the same headers are the same call whatever order they were added in.
    new TreeMap<>(headers).forEach((name, value) -> update(digest, name, value));
    update(digest, "body");
  }

  /** Each part with its length first, so no two different lists of parts digest alike. */
  static void update(MessageDigest digest, String... parts) {
    for (String part : parts) {
      byte[] bytes = (part == null ? "" : part).getBytes(StandardCharsets.UTF_8);
      digest.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
      digest.update((byte) ':');
      digest.update(bytes);
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}

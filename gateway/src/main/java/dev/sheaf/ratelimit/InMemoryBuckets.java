package dev.sheaf.ratelimit;

import io.vertx.core.Future;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Buckets in this process's memory, shared by its event loops. A bucket whose TAT has passed is
 * full, the same as no bucket, so such entries are dropped from time to time: clients that come
 * and go (many IP addresses) cannot grow the map without bound.
 */
final class InMemoryBuckets implements Buckets {

  private static final int SWEEP_EVERY = 4096;

  private final ConcurrentMap<String, Long> tats = new ConcurrentHashMap<>();
  private final AtomicInteger untilSweep = new AtomicInteger(SWEEP_EVERY);

  @Override
  public Future<Decision> take(String key, Gcra gcra, int limit) {
    long now = TimeUnit.NANOSECONDS.toMicros(System.nanoTime());
    Decision[] decided = new Decision[1];
    tats.compute(key, (k, tat) -> {
      Gcra.Step step = gcra.step(tat == null ? now : tat, now, limit);
      decided[0] = step.decision();
      return step.newTat();
    });
    if (untilSweep.decrementAndGet() <= 0) {
      untilSweep.set(SWEEP_EVERY);
      tats.values().removeIf(tat -> tat <= now);
    }
    return Future.succeededFuture(decided[0]);
  }

  int size() {
    return tats.size();
  }
}

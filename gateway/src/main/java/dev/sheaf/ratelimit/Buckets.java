package dev.sheaf.ratelimit;

import io.vertx.core.Future;

/** Where the buckets live: this process's memory, or a Redis that replicas share. */
interface Buckets {

  /** Takes one token from {@code key}'s bucket, shaped by {@code gcra}. */
  Future<Decision> take(String key, Gcra gcra, int limit);
}

package dev.sheaf.cache;

import dev.sheaf.binding.BackendConfig;
import dev.sheaf.pipeline.CacheExchange;
import java.util.concurrent.TimeUnit;

/**
 * How long a stored answer may be used, in {@link System#nanoTime()} instants: fresh until
 * {@code freshUntil}; after that, served while it is revalidated in the background until
 * {@code staleWhileRevalidateUntil}, and served instead of a failure until {@code staleIfErrorUntil}.
 *
 * @param etag         the answer's validator for {@code If-None-Match}, or null
 * @param lastModified the answer's date for {@code If-Modified-Since}, or null
 */
record Lifetime(long freshUntil, long staleWhileRevalidateUntil, long staleIfErrorUntil, String etag,
                String lastModified) {

  /** How long an answer that can be revalidated is kept once stale: a 304 is cheaper than a whole answer. */
  private static final long REVALIDATABLE_FOR = TimeUnit.MINUTES.toNanos(10);

  /**
   * What the answer says about itself, as a shared cache reads it ({@code s-maxage} over
   * {@code max-age}) or, for a call keyed by its caller, as a private cache does; the backend's
   * configured TTL when it says nothing.
   *
   * @param perCaller the call carries the caller's identity, so its entry is that caller's alone
   * @return null when the answer may not be stored (no-store, private without a caller, nothing to reuse)
   */
  static Lifetime of(CacheExchange answer, BackendConfig.Cache settings, boolean perCaller, long now) {
    CacheControl cc = CacheControl.parse(answer.cacheControl());
    if (cc.noStore() || (cc.privateOnly() && !perCaller)) {
      return null;
    }
    long seconds;
    if (cc.noCache()) {
      seconds = 0;
    } else if (!perCaller && cc.sMaxAge() >= 0) {
      seconds = cc.sMaxAge();
    } else if (cc.maxAge() >= 0) {
      seconds = cc.maxAge();
    } else {
      seconds = settings.ttl().toSeconds();
    }
    long fresh = Math.max(0, TimeUnit.SECONDS.toNanos(seconds) - TimeUnit.SECONDS.toNanos(age(answer.age())));
    boolean servableStale = cc.staleWhileRevalidate() > 0 || cc.staleIfError() > 0;
    if (fresh == 0 && answer.etag() == null && answer.lastModified() == null && !servableStale) {
      return null; // stale at once, nothing to revalidate with, never served stale: storing it gains nothing
    }
    long freshUntil = now + fresh;
    return new Lifetime(freshUntil, freshUntil + TimeUnit.SECONDS.toNanos(Math.max(0, cc.staleWhileRevalidate())),
        freshUntil + TimeUnit.SECONDS.toNanos(Math.max(0, cc.staleIfError())), answer.etag(), answer.lastModified());
  }

  boolean freshAt(long now) {
    return now - freshUntil < 0;
  }

  boolean servableWhileRevalidating(long now) {
    return now - staleWhileRevalidateUntil < 0;
  }

  boolean servableOnError(long now) {
    return now - staleIfErrorUntil < 0;
  }

  boolean revalidatable() {
    return etag != null || lastModified != null;
  }

  /** How much longer it is fresh, in milliseconds (0 when stale). */
  long freshForMillis(long now) {
    return Math.max(0, TimeUnit.NANOSECONDS.toMillis(freshUntil - now));
  }

  /** How long the store keeps it: while it can still serve in some way, and a while longer if it can be revalidated. */
  long keepForNanos(long now) {
    long until = Math.max(freshUntil, Math.max(staleWhileRevalidateUntil, staleIfErrorUntil));
    if (revalidatable()) {
      until = Math.max(until, freshUntil + REVALIDATABLE_FOR);
    }
    return Math.max(1, until - now);
  }

  private static long age(String header) {
    if (header == null) {
      return 0;
    }
    try {
      return Math.max(0, Long.parseLong(header.trim()));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}

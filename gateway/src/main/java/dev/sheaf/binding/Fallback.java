package dev.sheaf.binding;

import java.time.Duration;

/**
 * What a bound field resolves to, without an error, when its backend fails (unreachable, timed out,
 * a 5xx, its circuit open or its bulkhead full); the response names the field in
 * {@code extensions.sheaf.fallbacks}. Errors of the caller's own (a 4xx, a refused input) are never hidden.
 */
public sealed interface Fallback {

  /** A literal from the binding file, e.g. an empty list of recommendations. */
  record Value(Object value) implements Fallback {
  }

  /**
   * The last good answer of the same rendered call, if it is at most {@code maxAge} old. Kept in
   * memory per field binding (at most {@link #MAX_ENTRIES} calls, least recently used out first)
   * and keyed by everything the call carries, the caller's token and claims included.
   */
  record Stale(Duration maxAge) implements Fallback {

    public static final int MAX_ENTRIES = 10_000;
  }
}

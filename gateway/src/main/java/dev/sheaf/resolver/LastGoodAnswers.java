package dev.sheaf.resolver;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.sheaf.binding.Fallback;

/**
 * The last good answer of each rendered call of one field binding, for {@code fallback: { stale: … }}:
 * at most {@link Fallback.Stale#MAX_ENTRIES} calls, each forgotten {@code maxAge} after it was answered.
 * Keyed by {@link dev.sheaf.backend.CallRequest#acrossRequestsKey()}, which holds whatever the call
 * carries of its caller, so one caller's answer is never served to another.
 */
final class LastGoodAnswers {

  /** Caffeine keeps no nulls; a backend's answer may be one. */
  private static final Object NULL = new Object();

  private final Cache<Object, Object> answers;

  LastGoodAnswers(Fallback.Stale stale) {
    this.answers = Caffeine.newBuilder()
        .maximumSize(Fallback.Stale.MAX_ENTRIES)
        .expireAfterWrite(stale.maxAge())
        .executor(Runnable::run) // its upkeep runs on the caller's thread: no pool threads
        .build();
  }

  void remember(Object key, Object answer) {
    answers.put(key, answer == null ? NULL : answer);
  }

  /** @return the answer kept, or {@code absent} when there is none (or it is too old) */
  Object lastOr(Object key, Object absent) {
    Object answer = answers.getIfPresent(key);
    return answer == null ? absent : answer == NULL ? null : answer;
  }
}

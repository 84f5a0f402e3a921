package dev.sheaf.resolver;

import java.util.HashMap;
import java.util.Map;

/**
 * Which levels of the query have made all their entity lookups, so that each level's lookups of a
 * type go out as one batch however long its sibling fields take. A level is the depth of the field
 * whose fetcher is running (root fields are 1). Lookups of level D are all made once no backend call
 * of a shallower level is in flight (its answer may bring fields of level D) and no call of level D
 * that may still add lookups of its own level ({@code keysOf}, a Java resolver) is. Deterministic:
 * it counts calls, it never waits on a timer. Confined to the request's event loop.
 */
final class LookupLevels {

  private final Map<Integer, Integer> calls = new HashMap<>();
  private final Map<Integer, Integer> lookupMakers = new HashMap<>();

  /**
   * @param addsLookups the call's answer may add lookups of its own level, not only of deeper ones
   */
  void started(int level, boolean addsLookups) {
    calls.merge(level, 1, Integer::sum);
    if (addsLookups) {
      lookupMakers.merge(level, 1, Integer::sum);
    }
  }

  void ended(int level, boolean addsLookups) {
    calls.computeIfPresent(level, (l, n) -> n == 1 ? null : n - 1);
    if (addsLookups) {
      lookupMakers.computeIfPresent(level, (l, n) -> n == 1 ? null : n - 1);
    }
  }

  /** The deepest level whose lookups are all made (every level when nothing is in flight). */
  int completeUpTo() {
    int complete = Integer.MAX_VALUE;
    for (int level : calls.keySet()) {
      complete = Math.min(complete, level);
    }
    for (int level : lookupMakers.keySet()) {
      complete = Math.min(complete, level - 1);
    }
    return complete;
  }
}

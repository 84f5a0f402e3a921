package dev.sheaf.resolver;

import java.util.Arrays;

/**
 * Which levels of the query have made all their entity lookups, so that each level's lookups of a
 * type go out as one batch however long its sibling fields take. A level is the depth of the field
 * whose fetcher is running (root fields are 1). Lookups of level D are all made once no backend call
 * of a shallower level is in flight (its answer may bring fields of level D) and no call of level D
 * that may still add lookups of its own level ({@code keysOf}, a Java resolver) is. Deterministic:
 * it counts calls, it never waits on a timer. Confined to the request's event loop.
 */
final class LookupLevels {

  // Calls in flight by level: a query is a few levels deep, and the counts change on every call's start
  // and end, so plain arrays rather than maps of boxed counts.
  private int[] calls = new int[8];
  private int[] lookupMakers = new int[8];

  /**
   * @param addsLookups the call's answer may add lookups of its own level, not only of deeper ones
   */
  void started(int level, boolean addsLookups) {
    int at = index(level);
    if (at >= calls.length) {
      calls = Arrays.copyOf(calls, Math.max(at + 1, calls.length * 2));
      lookupMakers = Arrays.copyOf(lookupMakers, calls.length);
    }
    calls[at]++;
    if (addsLookups) {
      lookupMakers[at]++;
    }
  }

  void ended(int level, boolean addsLookups) {
    int at = index(level);
    if (at < calls.length && calls[at] > 0) {
      calls[at]--;
    }
    if (addsLookups && at < lookupMakers.length && lookupMakers[at] > 0) {
      lookupMakers[at]--;
    }
  }

  /** A Java resolver names its own level: none counts as shallower than the request itself (0). */
  private static int index(int level) {
    return Math.max(0, level);
  }

  /** The deepest level whose lookups are all made (every level when nothing is in flight). */
  int completeUpTo() {
    for (int level = 0; level < calls.length; level++) {
      if (lookupMakers[level] > 0) {
        return level - 1; // its own calls may still add lookups of its level
      }
      if (calls[level] > 0) {
        return level;
      }
    }
    return Integer.MAX_VALUE;
  }
}

package dev.sheaf.observability;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The values of the {@code operation} label, bounded: the first {@code max} distinct names of
 * operations that ran keep their own; every later one is {@code other}, so a client inventing names
 * cannot grow the metrics without end. A request whose operation never ran is {@code unknown}, an
 * unnamed one {@code anonymous}.
 */
final class OperationNames {

  static final String OTHER = "other";
  static final String UNKNOWN = "unknown";
  static final String ANONYMOUS = "anonymous";

  private final int max;
  private final Set<String> kept = ConcurrentHashMap.newKeySet();

  OperationNames(int max) {
    this.max = max;
  }

  /**
   * @param name the operation's name, or null
   * @param ran  whether the operation ran (graphql-java chose it); a name that never ran is the client's word only
   */
  String label(String name, boolean ran) {
    if (!ran) {
      return UNKNOWN;
    }
    if (name == null) {
      return ANONYMOUS;
    }
    if (kept.contains(name)) {
      return name;
    }
    // Racing event loops may pass the bound by one or two: a bound, not an exact count.
    if (kept.size() >= max) {
      return OTHER;
    }
    kept.add(name);
    return name;
  }
}

package dev.sheaf.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * The names a misspelt one was probably meant to be, for refusals that name the fix: the closest
 * first (by edit distance, ignoring case), so {@code Hour} suggests {@code Hours} before {@code User}.
 */
public final class Suggestions {

  private static final LevenshteinDistance DISTANCE = LevenshteinDistance.getDefaultInstance();
  private static final int SHOWN = 12;

  private Suggestions() {
  }

  /** The candidates, closest to {@code wrong} first. */
  public static List<String> closestFirst(String wrong, Collection<String> candidates) {
    String lower = wrong.toLowerCase(Locale.ROOT);
    return candidates.stream().distinct()
        .sorted(Comparator.comparingInt((String c) -> DISTANCE.apply(lower, c.toLowerCase(Locale.ROOT)))
            .thenComparing(Comparator.naturalOrder()))
        .toList();
  }

  /** The closest candidates as a list for a message, e.g. "Hours, User, Store" (the first dozen). */
  public static String listClosestFirst(String wrong, Collection<String> candidates) {
    List<String> sorted = closestFirst(wrong, candidates);
    String shown = sorted.stream().limit(SHOWN).collect(Collectors.joining(", "));
    return sorted.size() > SHOWN ? shown + ", …" : shown;
  }

  /** {@code " Did you mean X?"} when a candidate is a likely misspelling of {@code wrong}, else "". */
  public static String didYouMean(String wrong, Collection<String> candidates) {
    List<String> sorted = closestFirst(wrong, candidates);
    if (sorted.isEmpty()) {
      return "";
    }
    String best = sorted.get(0);
    int distance = DISTANCE.apply(wrong.toLowerCase(Locale.ROOT), best.toLowerCase(Locale.ROOT));
    return distance <= Math.max(2, wrong.length() / 3) ? " Did you mean '" + best + "'?" : "";
  }
}

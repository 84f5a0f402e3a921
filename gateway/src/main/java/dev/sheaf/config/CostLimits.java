package dev.sheaf.config;

/**
 * The static cost of an operation: the backend calls its fields' bindings make, lists multiplied by
 * their size.
 *
 * @param maxCost         the most an operation may cost; more is refused with {@code QUERY_TOO_COMPLEX}
 * @param assumedListSize the size taken for a list whose size no literal {@code first}/{@code limit}-like
 *                        argument gives (a variable's value is not known when a document is measured)
 */
public record CostLimits(int maxCost, int assumedListSize) {

  public static final int DEFAULT_MAX_COST = 1000;
  public static final int DEFAULT_ASSUMED_LIST_SIZE = 10;

  public CostLimits {
    if (maxCost < 1 || assumedListSize < 1) {
      throw new ConfigException("limits.maxCost and limits.assumedListSize must be greater than zero, got "
          + maxCost + " and " + assumedListSize);
    }
  }

  public static CostLimits defaults() {
    return new CostLimits(DEFAULT_MAX_COST, DEFAULT_ASSUMED_LIST_SIZE);
  }
}

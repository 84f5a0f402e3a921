package dev.sheaf.pipeline;

import java.util.List;

/**
 * What a backend call is for, as the request's waterfall shows it: the result paths of the fields
 * it serves (graphql-java's {@code ResultPath}s, turned into text only when someone looks) and, for
 * an entity batch, how many keys it carries.
 *
 * @param fields    the paths of the fields that asked for it; empty when not known
 * @param batchSize the keys of an entity batch, 0 for a call that is not a batch
 */
public record Served(List<Object> fields, int batchSize) {

  /** A call nobody named: a test's, or one a layer makes on its own. */
  public static final Served UNKNOWN = new Served(List.of(), 0);

  public static Served field(Object path) {
    return path == null ? UNKNOWN : new Served(List.of(path), 0);
  }

  public static Served batch(List<Object> fields, int keys) {
    return new Served(fields, keys);
  }
}

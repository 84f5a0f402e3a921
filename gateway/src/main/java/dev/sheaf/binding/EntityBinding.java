package dev.sheaf.binding;

/**
 * Fetches many objects of one type in one call ({@code {keys}} in its templates) and matches each
 * returned object back to its key by {@code keyField}; a key with no match yields null.
 */
public record EntityBinding(String type, String backend, String keyField, CallTemplate call, int maxBatchSize) {

  public static final int DEFAULT_MAX_BATCH = 100;
}

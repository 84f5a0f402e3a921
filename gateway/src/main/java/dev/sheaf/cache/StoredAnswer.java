package dev.sheaf.cache;

/**
 * An answer in the cache: the JSON-shaped value calls share (never changed by anyone who reads it),
 * how long it may be used, and what it weighs.
 *
 * @param bytes its size on the wire, what the store's byte bound counts
 */
record StoredAnswer(Object value, Lifetime lifetime, long bytes) {
}

package dev.sheaf.cache;

import java.util.Map;

/**
 * One object of an entity batch, stored by itself so later batches ask only for the keys not
 * stored. Keyed like a call: the backend, the headers the batch call carries (so per-caller answers
 * stay per caller), the entity type and the key.
 */
record EntityKey(String backend, String type, String key, Map<String, String> headers) {

  long bytes() {
    long size = 64L + 2L * (backend.length() + type.length() + key.length());
    for (Map.Entry<String, String> header : headers.entrySet()) {
      size += 2L * (header.getKey().length() + header.getValue().length());
    }
    return size;
  }
}

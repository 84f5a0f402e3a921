package dev.sheaf.backend;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/**
 * A REST backend's answer, read whole: its status, headers and body (empty, never null).
 */
public record BackendResponse(int status, Buffer body, MultiMap headers) {

  public BackendResponse(int status, Buffer body) {
    this(status, body, MultiMap.caseInsensitiveMultiMap());
  }

  /** Its {@code Retry-After} header, or null: how long a 429 or 503 asks callers to wait. */
  public String retryAfter() {
    return headers.get("retry-after");
  }
}

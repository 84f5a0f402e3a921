package dev.sheaf.backend;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/** A REST backend's answer, read whole: its status, headers and body (empty, never null). */
public record BackendResponse(int status, Buffer body, MultiMap headers) {

  public BackendResponse(int status, Buffer body) {
    this(status, body, MultiMap.caseInsensitiveMultiMap());
  }
}

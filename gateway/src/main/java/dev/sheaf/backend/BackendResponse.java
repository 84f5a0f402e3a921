package dev.sheaf.backend;

import io.vertx.core.buffer.Buffer;

/** A REST backend's answer, read whole: its status and body (empty, never null). */
public record BackendResponse(int status, Buffer body) {
}

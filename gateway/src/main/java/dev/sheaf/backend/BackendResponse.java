package dev.sheaf.backend;

import io.vertx.core.buffer.Buffer;

/**
 * A REST backend's answer, read whole: its status and body (empty, never null).
 *
 * @param retryAfter its {@code Retry-After} header, or null: how long a 429 or 503 asks callers to wait
 */
public record BackendResponse(int status, Buffer body, String retryAfter) {
}

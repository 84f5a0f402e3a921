package dev.sheaf.mock;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;

/**
 * Sends a reply's body in about {@value #CHUNKS} chunks spread over a duration, to exercise clients
 * that time out on a slow body rather than on a slow first byte.
 */
final class SlowBodyWriter {

  static final int CHUNKS = 10;

  private final Vertx vertx;
  private final HttpServerResponse response;
  private final int status;
  private final Buffer body;  // split as bytes, so a multi-byte character cut in two still arrives whole
  private final int chunkLength;
  private final long intervalMs;

  private SlowBodyWriter(Vertx vertx, HttpServerResponse response, Reply reply, long durationMs) {
    this.vertx = vertx;
    this.response = response;
    this.status = reply.status();
    this.body = reply.body().toBuffer();
    this.chunkLength = Math.max(1, (body.length() + CHUNKS - 1) / CHUNKS);
    int chunks = (body.length() + chunkLength - 1) / chunkLength;
    this.intervalMs = Math.max(1, durationMs / Math.max(1, chunks));
  }

  static void send(Vertx vertx, HttpServerResponse response, Reply reply, long durationMs) {
    new SlowBodyWriter(vertx, response, reply, durationMs).start();
  }

  private void start() {
    // Status and headers go out at once; only the body trickles.
    response.setStatusCode(status)
        .setChunked(true)
        .putHeader(HttpHeaders.CONTENT_TYPE, Reply.JSON)
        .writeHead();
    scheduleChunk(0);
  }

  private void scheduleChunk(int offset) {
    vertx.setTimer(intervalMs, timerId -> {
      if (response.closed()) {
        return;  // the client went away: stop writing
      }
      int end = Math.min(body.length(), offset + chunkLength);
      Buffer chunk = body.getBuffer(offset, end);
      if (end == body.length()) {
        response.end(chunk);
      } else {
        response.write(chunk);
        scheduleChunk(end);
      }
    });
  }
}

package dev.sheaf.backend.grpc;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Lets a gRPC call's request leave in one system call. Vert.x writes a unary request as two flushes:
 * the HEADERS and DATA frames, then an empty DATA frame that ends the stream, so every call cost two
 * {@code writev}s. Netty's {@link FlushConsolidationHandler} at the head of each HTTP/2 connection's
 * pipeline turns the flushes of one event-loop task into one, made by a task queued behind it: a
 * call's frames, and those of the other calls its task makes on that connection, go out together.
 */
final class OneFlushPerTask {

  private OneFlushPerTask() {
  }

  /** For {@code HttpClientBuilder.withConnectHandler}: called once per new connection, on its event loop. */
  static void install(HttpConnection connection) {
    // Vert.x offers no public way to a client connection's channel; its connections all are ConnectionBase.
    if (connection instanceof ConnectionBase base) {
      ChannelPipeline pipeline = base.channel().pipeline();
      if (pipeline.get(FlushConsolidationHandler.class) == null) {
        pipeline.addFirst(new FlushConsolidationHandler(
            FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true));
      }
    }
  }
}

package dev.sheaf.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpVersion;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;
import java.util.List;

/**
 * Vert.x's HTTP/1 request decoder, refusing a request whose body length is ambiguous, and telling
 * the connection when a request's bytes begin.
 *
 * <p>A request with both {@code Transfer-Encoding} and {@code Content-Length}, with a transfer coding
 * other than {@code chunked} last, or an HTTP/1.0 request with {@code Transfer-Encoding}, may be read
 * one way here and another way by a proxy in front: the bytes one of them takes for a body the other
 * takes for a second request (request smuggling). Netty would drop the length, or read an empty body,
 * and keep the connection open; RFC 9112 sections 6.1 and 6.3 require refusing such a request or at
 * least closing the connection. Refused here, it becomes an invalid request (answered 400 by
 * {@link MalformedRequestHandler}, then the connection closes) and nothing after it is read.
 */
final class StrictRequestDecoder extends VertxHttpRequestDecoder {

  private final ClientConnection connection;

  StrictRequestDecoder(HttpServerOptions options, ClientConnection connection) {
    super(options);
    this.connection = connection;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out) throws Exception {
    if (buffer.isReadable()) {
      connection.bytesArrived();
    }
    super.decode(ctx, buffer, out);
  }

  /**
   * Netty's last look at a request's headers before it chooses how to read the body; what it throws
   * here makes the request invalid.
   */
  @Override
  protected boolean isContentAlwaysEmpty(HttpMessage message) {
    HttpHeaders headers = message.headers();
    List<String> codings = headers.getAll(HttpHeaderNames.TRANSFER_ENCODING);
    if (!codings.isEmpty()) {
      if (headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
        throw new IllegalArgumentException("both Transfer-Encoding and Content-Length");
      }
      if (message.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
        throw new IllegalArgumentException("Transfer-Encoding in an HTTP/1.0 request");
      }
      if (!endsWithChunked(codings)) {
        throw new IllegalArgumentException("Transfer-Encoding does not end with chunked: " + codings);
      }
    }
    return super.isContentAlwaysEmpty(message);
  }

  /** Only a body whose last coding is chunked has a length the server can find (RFC 9112 section 6.3). */
  private static boolean endsWithChunked(List<String> codings) {
    String last = codings.get(codings.size() - 1);
    return last.substring(last.lastIndexOf(',') + 1).trim().equalsIgnoreCase("chunked");
  }
}

package dev.sheaf.server;

import dev.sheaf.config.ClientTimeouts;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.vertx.core.net.impl.ShutdownEvent;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides when one client connection closes, from what the client has sent and what the gateway has
 * answered on it:
 * <ul>
 *   <li>a client that owes the rest of a request's headers or body, or a keep-alive connection with
 *       nothing to do, gets {@link ClientTimeouts} and is then closed (no slowloris);</li>
 *   <li>on shutdown, an idle connection closes at once; otherwise the answer to the last request read
 *       carries {@code Connection: close} and the connection closes after it, so no request that was
 *       read goes unanswered and the client is told not to send another.</li>
 * </ul>
 * An answer that says {@code Connection: close} closes the connection once it is written.
 *
 * <p>It sits in the connection's pipeline between the HTTP codec and Vert.x, and runs on the
 * connection's event loop only. Vert.x's own shutdown of an HTTP/1 connection is not used: it silently
 * drops a request that arrives while an earlier one is being answered.
 */
final class ClientConnection extends ChannelDuplexHandler {

  private static final Logger LOG = LoggerFactory.getLogger(ClientConnection.class);

  private enum Reading { NOTHING, HEADERS, BODY }

  private final ClientTimeouts timeouts;
  private ChannelHandlerContext ctx;
  private Reading reading = Reading.NOTHING;
  private int unanswered;           // requests read whose final answer is not written yet
  private boolean answering;        // a final answer's head is written, its end not yet
  private boolean closeAfterAnswer;
  private boolean draining;
  // What the client owes and by when (System.nanoTime()); 0 when it owes nothing.
  private long deadline;
  private String owed;
  private ScheduledFuture<?> timer;
  private long timerAt;

  ClientConnection(ClientTimeouts timeouts) {
    this.timeouts = timeouts;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext context) {
    ctx = context;
    // A new connection owes its first request at once: the idle allowance is for connections that served one.
    await(timeouts.headers(), "a request");
    schedule();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext context) {
    cancelTimer();
  }

  @Override
  public void channelInactive(ChannelHandlerContext context) throws Exception {
    cancelTimer();
    super.channelInactive(context);
  }

  /** Called by the decoder before it reads bytes: between requests, they begin the next request's headers. */
  void bytesArrived() {
    if (reading == Reading.NOTHING) {
      reading = Reading.HEADERS;
      await(timeouts.headers(), "request headers");
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext context, Object msg) {
    if (msg instanceof HttpRequest request) {
      unanswered++;
      reading = Reading.BODY;
      await(timeouts.body(), "a request body");
      if (request.decoderResult().isFailure()) {
        reading = Reading.NOTHING;  // nothing more is read from a connection whose framing failed
        deadline = 0;
      }
    }
    if (msg instanceof LastHttpContent) {
      reading = Reading.NOTHING;
      deadline = 0;  // from here the request's deadline governs
    }
    context.fireChannelRead(msg);
    if (msg instanceof LastHttpContent) {
      betweenRequests();  // the answer may have been written before the body was read
    }
  }

  /** Once nothing is being read: with no answer owed either, the connection is idle. */
  private void betweenRequests() {
    if (unanswered > 0 || reading != Reading.NOTHING) {
      return;
    }
    if (draining) {
      ctx.close();
    } else {
      await(timeouts.idle(), "another request");
      schedule();
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext context) {
    // Scheduled once per read, not per message: a request that arrives whole needs no timer at all.
    schedule();
    context.fireChannelReadComplete();
  }

  @Override
  public void write(ChannelHandlerContext context, Object msg, ChannelPromise promise) {
    if (msg instanceof HttpResponse response) {
      if (response.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
        context.write(msg, promise);  // 100 Continue: not the answer
        return;
      }
      answering = true;
      decideKeepAlive(response);
    }
    if (!(msg instanceof LastHttpContent) || !answering) {
      context.write(msg, promise);
      return;
    }
    answering = false;
    unanswered--;
    if (closeAfterAnswer || (draining && unanswered == 0 && reading == Reading.NOTHING)) {
      // Flushed now: Vert.x may close the channel itself before its usual flush at the end of the read.
      context.writeAndFlush(msg, promise.unvoid()).addListener(written -> context.close());
      return;
    }
    context.write(msg, promise);
    betweenRequests();
  }

  private void decideKeepAlive(HttpResponse response) {
    // Stopping, and no other request begun: tell the client this is the last answer on this connection.
    // (A request begun after this one is answered in its turn, and that answer says so instead.)
    if (draining && unanswered == 1 && reading != Reading.HEADERS) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    String connection = response.headers().get(HttpHeaderNames.CONNECTION);
    if (connection != null && HttpHeaderValues.CLOSE.contentEqualsIgnoreCase(connection)) {
      closeAfterAnswer = true;
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext context, Object event) throws Exception {
    if (event instanceof ShutdownEvent) {
      // The server stops: drain this connection ourselves (see the class comment). The server still
      // closes whatever is left when its grace period ends.
      drain();
      return;
    }
    super.userEventTriggered(context, event);
  }

  private void drain() {
    draining = true;
    if (unanswered == 0 && reading == Reading.NOTHING) {
      ctx.close();
    }
  }

  private void await(Duration limit, String what) {
    deadline = System.nanoTime() + limit.toNanos();
    owed = what;
  }

  /** Makes sure a timer fires by the deadline; one that fires earlier re-checks and sets another. */
  private void schedule() {
    if (deadline == 0 || (timer != null && timerAt - deadline <= 0)) {
      return;
    }
    cancelTimer();
    timerAt = deadline;
    timer = ctx.executor().schedule(this::expire, deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
  }

  private void expire() {
    timer = null;
    if (deadline == 0) {
      return;
    }
    if (deadline - System.nanoTime() > 0) {
      schedule();
      return;
    }
    LOG.debug("closing client connection {}: {} did not arrive in time", ctx.channel().remoteAddress(), owed);
    ctx.close();
  }

  private void cancelTimer() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }
}

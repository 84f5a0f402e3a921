package dev.sheaf.server;

import dev.sheaf.config.SheddingConfig;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The door of the request pipeline: past {@code shedding.maxInFlight} client requests in flight (or
 * while this event loop runs later than {@code shedding.maxEventLoopDelay}) a new request is answered
 * 503 with {@code Retry-After} at once, before its body is read, its token checked or its document
 * parsed; so is one past the {@link AdaptiveLimit} when {@code shedding.adaptive} is on. Refusing costs
 * a few microseconds; queueing would cost the heap, and every queued request would miss its deadline
 * anyway. The probes are routed before this handler and never shed.
 */
final class LoadShedder implements Handler<RoutingContext> {

  private static final Buffer BODY = Buffer.buffer("{\"errors\":[{\"message\":\"The gateway is overloaded; "
      + "send the request again after Retry-After seconds\",\"extensions\":{\"code\":\"OVERLOADED\"}}]}");

  private final GatewayLoad load;
  private final int maxInFlight;
  private final boolean adaptive;
  private final long maxDelayNanos;
  private final String retryAfter;
  private final int loop;

  LoadShedder(GatewayLoad load, SheddingConfig settings, int loop) {
    this.load = load;
    this.maxInFlight = settings.maxInFlight();
    this.adaptive = settings.adaptive();
    this.maxDelayNanos = settings.maxEventLoopDelay().toNanos();
    this.retryAfter = Long.toString(settings.retryAfterSeconds());
    this.loop = loop;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (maxDelayNanos > 0 && load.delayNanos(loop) > maxDelayNanos) {
      load.shedLateLoop();
      shed(ctx);
      return;
    }
    AtomicInteger inFlight = load.inFlightCounter();
    int now = inFlight.incrementAndGet();
    boolean overMax = now > maxInFlight;
    if (overMax || adaptive && now > load.adaptiveLimit()) {
      inFlight.decrementAndGet();
      if (overMax) {
        load.shedOverLimit();
      } else {
        load.shedAdaptive();
      }
      shed(ctx);
      return;
    }
    // Called once the answer is sent, or the connection is gone before that.
    ctx.addEndHandler(done -> inFlight.decrementAndGet());
    ctx.next();
  }

  private void shed(RoutingContext ctx) {
    ctx.response().setStatusCode(503)
        .putHeader("retry-after", retryAfter)
        .putHeader("content-type", "application/json; charset=utf-8")
        .end(BODY);
  }
}

package dev.sheaf.mock;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Delays a request by its latency knobs, then fails it if a fault knob says so; otherwise hands it on
 * to the endpoint. Faults that shape the body (malformed, slow) are applied by {@link ReplyWriter}.
 */
final class FaultInjector implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(FaultInjector.class);

  // faultRate's place in its pattern: requests seen since these knobs were set.
  private Knobs countedFor;
  private long seen;

  @Override
  public void handle(RoutingContext ctx) {
    Knobs knobs = RequestKnobs.of(ctx);
    long delayMs = knobs.latencyMs()
        + knobs.jitterDistribution().draw(knobs.jitterMs(), ThreadLocalRandom.current());
    if (delayMs == 0) {
      inject(ctx, knobs);
      return;
    }
    // A timer, never a sleep: the event loop keeps serving other requests meanwhile.
    ctx.vertx().setTimer(delayMs, timerId -> {
      if (!ctx.response().closed()) {  // the client may have given up while we waited
        inject(ctx, knobs);
      }
    });
  }

  private void inject(RoutingContext ctx, Knobs knobs) {
    boolean faulty = (knobs.resetConnection() || knobs.hang() || knobs.errorStatus() > 0) && hitsThisOne(knobs);
    if (faulty && knobs.resetConnection()) {
      ctx.request().connection().close();
    } else if (faulty && knobs.hang()) {
      LOG.debug("hanging {} {}", ctx.request().method(), ctx.request().uri());
    } else if (faulty) {
      if (knobs.retryAfterSeconds() > 0) {
        ctx.response().putHeader("retry-after", Integer.toString(knobs.retryAfterSeconds()));
      }
      Reply.error(knobs.errorStatus(), "injected failure").sendTo(ctx.response());
    } else {
      ctx.next();
    }
  }

  /** Request n is hit when ceil((n + 1) * rate / 100) passes a whole number: rate percent, evenly, the first hit. */
  private synchronized boolean hitsThisOne(Knobs knobs) {
    if (knobs.faultRate() >= 100) {
      return true;
    }
    if (knobs != countedFor) {
      countedFor = knobs;
      seen = 0;
    }
    long n = seen++;
    return ceilPercent(n + 1, knobs.faultRate()) > ceilPercent(n, knobs.faultRate());
  }

  private static long ceilPercent(long n, int rate) {
    return (n * rate + 99) / 100;
  }
}

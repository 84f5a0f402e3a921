package dev.sheaf.mock;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.util.function.Supplier;

/**
 * First handler of every non-admin request: counts and records it, keeps it in flight until it is
 * over however it ends, and pins the knobs it will be served with.
 */
final class RequestTracker implements Handler<RoutingContext> {

  private final ServiceStats<RecordedRequest> stats;
  private final InFlightGauge allServices;
  private final Supplier<Knobs> knobs;

  RequestTracker(ServiceStats<RecordedRequest> stats, InFlightGauge allServices, Supplier<Knobs> knobs) {
    this.stats = stats;
    this.allServices = allServices;
    this.knobs = knobs;
  }

  @Override
  public void handle(RoutingContext ctx) {
    stats.countCall(RecordedRequest.of(ctx));
    InFlightTicket ticket = InFlightTicket.enter(stats.inFlight(), allServices);
    // Called when the response has ended, and also when the connection closes first:
    // a hung request leaves the gauges when its client or the server gives up on it.
    ctx.addEndHandler(ended -> ticket.release());
    RequestKnobs.remember(ctx, knobs.get());
    ctx.next();
  }
}

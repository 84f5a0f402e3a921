package dev.sheaf.mock;

import io.vertx.ext.web.RoutingContext;

/**
 * The knobs a request saw when it arrived, kept on its routing context. A request is handled
 * consistently even if a test changes the knobs while it is waiting out its latency.
 */
final class RequestKnobs {

  private static final String KEY = RequestKnobs.class.getName();

  private RequestKnobs() {
  }

  static void remember(RoutingContext ctx, Knobs knobs) {
    ctx.put(KEY, knobs);
  }

  static Knobs of(RoutingContext ctx) {
    return ctx.get(KEY, Knobs.none());
  }
}

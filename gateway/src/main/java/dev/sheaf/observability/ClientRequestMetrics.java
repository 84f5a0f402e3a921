package dev.sheaf.observability;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Times client requests from the moment the router sees them to the end of their answer, by
 * transport ({@code graphql} or {@code rest}), outcome and HTTP status. Probes and the OpenAPI
 * document are not client requests and are not counted.
 */
public final class ClientRequestMetrics implements Handler<RoutingContext> {

  static final String REQUESTS = "sheaf.client.requests";

  private final MeterRegistry registry;
  // Keyed by transport, status and outcome packed into one int: no key object made per request.
  private final Map<Integer, Timer> timers = new ConcurrentHashMap<>();

  ClientRequestMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String path = ctx.request().path();
    if (path == null || isProbe(path)) {
      ctx.next();
      return;
    }
    boolean graphql = path.equals("/graphql");
    long start = System.nanoTime();
    ctx.addEndHandler(ended -> {
      int status = ctx.response().getStatusCode();
      // A failed end: the connection closed before the whole answer was written.
      Outcome outcome = ended.failed() ? Outcome.CANCELLED : Outcome.of(status);
      timer(graphql, status, outcome).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    });
    ctx.next();
  }

  static boolean isProbe(String path) {
    return path.equals("/health") || path.equals("/ready") || path.equals("/openapi.json");
  }

  private Timer timer(boolean graphql, int status, Outcome outcome) {
    int key = ((graphql ? 1 : 0) << 16) | (outcome.ordinal() << 12) | (status & 0xfff);
    return timers.computeIfAbsent(key, k -> LatencyBuckets.apply(Timer.builder(REQUESTS))
        .description("Client requests by transport, outcome and HTTP status")
        .tags("transport", graphql ? "graphql" : "rest", "outcome", outcome.label, "status", String.valueOf(status))
        .register(registry));
  }

  private enum Outcome {
    OK("ok"), CLIENT_ERROR("client_error"), SERVER_ERROR("server_error"), CANCELLED("cancelled");

    final String label;

    Outcome(String label) {
      this.label = label;
    }

    static Outcome of(int status) {
      return status >= 500 ? SERVER_ERROR : status >= 400 ? CLIENT_ERROR : OK;
    }
  }
}

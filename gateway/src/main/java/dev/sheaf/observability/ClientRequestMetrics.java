package dev.sheaf.observability;

import dev.sheaf.insight.Outcome;
import dev.sheaf.insight.RequestRecord;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Times client requests from the moment the router sees them to the end of their answer, by
 * transport ({@code graphql} or {@code rest}), operation name (bounded, see {@link OperationNames})
 * and type, outcome (complete, partial, error, rejected, cancelled) and HTTP status. Probes and the
 * OpenAPI document are not client requests and are not counted.
 */
public final class ClientRequestMetrics implements Handler<RoutingContext> {

  static final String REQUESTS = "sheaf.client.requests";

  private final MeterRegistry registry;
  private final OperationNames operations;
  private final Map<Key, Timer> timers = new ConcurrentHashMap<>();

  ClientRequestMetrics(MeterRegistry registry, OperationNames operations) {
    this.registry = registry;
    this.operations = operations;
  }

  /** One series: a small key, made per request, cheaper than the strings it stands for. */
  private record Key(boolean graphql, String operation, String type, Outcome outcome, int status) {
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
      // Read at the end: the request's record (made after this handler) knows by then what ran.
      RequestRecord record = RequestRecord.of(ctx);
      // A failed end: the connection closed before the whole answer was written.
      Outcome outcome = record != null ? record.outcome(status, ended.succeeded())
          : ended.failed() ? Outcome.CANCELLED : status >= 500 ? Outcome.ERROR : Outcome.REJECTED;
      boolean ran = record != null && record.operationType() != null;
      Key key = new Key(graphql, operations.label(ran ? record.operationName() : null, ran),
          ran ? record.operationType() : OperationNames.UNKNOWN, outcome, status);
      timers.computeIfAbsent(key, this::timer).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    });
    ctx.next();
  }

  static boolean isProbe(String path) {
    return path.equals("/health") || path.equals("/ready") || path.equals("/openapi.json");
  }

  private Timer timer(Key key) {
    return LatencyBuckets.apply(Timer.builder(REQUESTS))
        .description("Client requests by transport, operation, outcome and HTTP status")
        .tags("transport", key.graphql() ? "graphql" : "rest", "operation", key.operation(), "type", key.type(),
            "outcome", key.outcome().label(), "status", String.valueOf(key.status()))
        .register(registry);
  }
}

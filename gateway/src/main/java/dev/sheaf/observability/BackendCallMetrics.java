package dev.sheaf.observability;

import dev.sheaf.backend.BackendException;
import dev.sheaf.backend.ErrorCode;
import dev.sheaf.pipeline.BackendHandler;
import dev.sheaf.pipeline.Layer;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The metrics layer of one backend: each call's latency by route and outcome ({@code ok} or the
 * error code the caller gets), and the calls in flight. Meters are looked up once per route and
 * outcome and then kept, so a call costs two map reads, a clock read and a histogram update.
 */
final class BackendCallMetrics implements Layer {

  static final String CALLS = "sheaf.backend.calls";
  static final String IN_FLIGHT = "sheaf.backend.calls.in.flight";
  static final String BATCH_SIZE = "sheaf.backend.batch.size";
  private static final double[] BATCH_BUCKETS = {1, 2, 5, 10, 25, 50, 100, 250, 500, 1000};
  private static final String OK = "ok";
  private static final String INTERNAL = "INTERNAL_ERROR";

  private final MeterRegistry registry;
  private final String backend;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Map<String, RouteTimers> routes = new ConcurrentHashMap<>();

  BackendCallMetrics(MeterRegistry registry, String backend) {
    this.registry = registry;
    this.backend = backend;
    Gauge.builder(IN_FLIGHT, inFlight, AtomicInteger::get).tag("backend", backend)
        .description("Backend calls sent and not yet answered").strongReference(true).register(registry);
  }

  @Override
  public BackendHandler wrap(BackendHandler next) {
    return call -> {
      RouteTimers timers = routes.computeIfAbsent(call.route(), RouteTimers::new);
      if (call.served().batchSize() > 0) {
        timers.batchSizes().record(call.served().batchSize());
      }
      inFlight.incrementAndGet();
      long start = System.nanoTime();
      Future<Object> answer = next.handle(call);
      answer.onComplete(outcome -> {
        inFlight.decrementAndGet();
        timers.of(outcome).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      });
      return answer;
    };
  }

  /** The timers of one route: ok, and one per error code, made when first needed. */
  private final class RouteTimers {

    private final String route;
    private final Timer ok;
    private final AtomicReferenceArray<Timer> failed = new AtomicReferenceArray<>(ErrorCode.values().length + 1);
    private volatile DistributionSummary batchSizes; // only entity batch routes have one

    RouteTimers(String route) {
      this.route = route;
      this.ok = timer(OK);
    }

    DistributionSummary batchSizes() {
      DistributionSummary sizes = batchSizes;
      if (sizes == null) {
        sizes = DistributionSummary.builder(BATCH_SIZE)
            .description("Keys per entity batch call, by backend and bound route")
            .tags("backend", backend, "route", route)
            .serviceLevelObjectives(BATCH_BUCKETS)
            .register(registry); // the registry hands racing makers one summary
        batchSizes = sizes;
      }
      return sizes;
    }

    Timer of(AsyncResult<?> outcome) {
      if (outcome.succeeded()) {
        return ok;
      }
      // Failures other than BackendException are the gateway's own fault: the last slot.
      ErrorCode code = outcome.cause() instanceof BackendException be ? be.code() : null;
      int slot = code == null ? failed.length() - 1 : code.ordinal();
      Timer timer = failed.get(slot);
      if (timer == null) {
        timer = timer(code == null ? INTERNAL : code.name()); // the registry hands racing makers one timer
        failed.set(slot, timer);
      }
      return timer;
    }

    private Timer timer(String outcome) {
      return LatencyBuckets.apply(Timer.builder(CALLS))
          .description("Backend calls by backend, bound route and outcome")
          .tags("backend", backend, "route", route, "outcome", outcome)
          .register(registry);
    }
  }
}

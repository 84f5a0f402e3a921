package dev.sheaf.pipeline;

import dev.sheaf.binding.BackendConfig;
import io.opentelemetry.api.OpenTelemetry;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place a backend's way to the wire is composed, once per backend when a configuration is
 * built. Read top to bottom, from the resolver down (ARCHITECTURE.md, "Call pipeline"):
 * <pre>
 * resolver -> dedupe -> recording -> cache -> metrics -> tracing -> breaker -> bulkhead -> retry -> hedge -> transport
 * </pre>
 * Retry and hedge are opt-in and share one budget per backend; a policy is added here as one more layer and its config key.
 * The transport itself bounds each attempt by min(backend timeout, deadline left).
 *
 * <p>Metrics sit above the breaker, so calls it refuses are counted (as BACKEND_UNAVAILABLE). The
 * breaker sits above the bulkhead, so calls the bulkhead refuses do not open the circuit: being
 * busy is the gateway's own limit, not a sign that the backend is down. Retries sit below both: the
 * breaker judges a call by its last attempt, and a call keeps its one bulkhead place while it waits to retry.
 */
public final class CallPipeline {

  private static final Layer RECORDING = new Recording();

  private CallPipeline() {
  }

  /** A backend's pipeline without retries (they need timers): for benchmarks of the default stack. */
  public static BackendHandler compose(BackendConfig config, BackendHandler transport, CallMetrics metrics) {
    if (config.retry() != null || config.hedge() != null) {
      throw new IllegalArgumentException("backend " + config.name() + " retries or hedges: compose it with a Vertx");
    }
    return compose(null, config, transport, metrics);
  }

  /**
   * @param vertx   whose timers space out retries
   * @param config  the backend's settings: its circuit breaker (or none), its most calls in flight, its retries
   * @param metrics the gateway's metrics, given the backend's metrics layer and circuit state
   */
  public static BackendHandler compose(Vertx vertx, BackendConfig config, BackendHandler transport,
                                       CallMetrics metrics) {
    return compose(vertx, config, transport, metrics, null, CallCache.OFF);
  }

  /**
   * @param tracing the gateway's tracing, null when it is off (then no span is made and no header sent)
   * @param cache   the gateway's answer cache, given the backend's cache layer. It sits above metrics
   *                and tracing, so an answer served from it is no backend call in the metrics or the
   *                trace, and above the breaker, so stale answers may stand in while the circuit is
   *                open (stale-if-error); below recording, so the request's waterfall shows it
   */
  public static BackendHandler compose(Vertx vertx, BackendConfig config, BackendHandler transport,
                                       CallMetrics metrics, OpenTelemetry tracing, CallCache cache) {
    List<Layer> layers = new ArrayList<>();
    layers.add(new Dedupe(metrics.sharedReads(config.name())));
    // Below dedupe: a shared read is one call in the request's waterfall, serving several fields.
    layers.add(RECORDING);
    Layer cached = cache.layer(config);
    if (cached != null) {
      layers.add(cached);
    }
    Layer measured = metrics.layer(config.name());
    if (measured != null) {
      layers.add(measured);
    }
    Layer traced = Tracing.layer(tracing, config.name());
    if (traced != null) {
      layers.add(traced);
    }
    if (config.circuitBreaker() != null) {
      Breaker breaker = new Breaker(config.name(), config.circuitBreaker(), config.timeout());
      metrics.circuitState(config.name(), breaker::stateCode);
      layers.add(breaker);
    } else {
      metrics.circuitState(config.name(), () -> 0); // no breaker: never open
    }
    layers.add(new Bulkhead(config.name(), config.maxConcurrentCalls()));
    // One budget for both: a hedge is a retry sent early.
    RetryBudget budget = new RetryBudget(config.retryBudget().budget(), config.retryBudget().burst());
    if (config.retry() != null) {
      layers.add(new Retry(vertx, config.retry(), budget, metrics.extraAttempts(config.name(), "retry")));
    }
    if (config.hedge() != null) {
      layers.add(new Hedge(vertx, HedgeDelays.of(config.hedge()), budget, config.retry() == null,
          metrics.extraAttempts(config.name(), "hedge")));
    }
    return stack(layers, transport);
  }

  /** Dedupe, recording and metrics only: for tests of those layers. */
  public static BackendHandler compose(BackendHandler transport, Layer metrics) {
    Layer dedupe = new Dedupe(() -> { });
    return stack(metrics == null ? List.of(dedupe, RECORDING) : List.of(dedupe, RECORDING, metrics), transport);
  }

  /** Wraps the transport in the layers, the first of them outermost. */
  static BackendHandler stack(List<Layer> fromTop, BackendHandler transport) {
    BackendHandler handler = transport;
    for (int i = fromTop.size() - 1; i >= 0; i--) {
      handler = fromTop.get(i).wrap(handler);
    }
    return handler;
  }
}

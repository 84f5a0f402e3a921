package dev.sheaf.pipeline;

import dev.sheaf.binding.BackendConfig;
import io.opentelemetry.api.OpenTelemetry;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place a backend's way to the wire is composed, once per backend when a configuration is
 * built. Read top to bottom, from the resolver down (ARCHITECTURE.md, "Call pipeline"):
 * <pre>
 * resolver -> dedupe -> [cache] -> metrics -> tracing -> breaker -> bulkhead -> [retry -> timeout] -> transport
 * </pre>
 * The bracketed layers are not there yet; a policy is added here as one more layer and its config key.
 * The transport itself bounds a call by min(backend timeout, deadline left).
 *
 * <p>Metrics sit above the breaker, so calls it refuses are counted (as BACKEND_UNAVAILABLE). The
 * breaker sits above the bulkhead, so calls the bulkhead refuses do not open the circuit: being
 * busy is the gateway's own limit, not a sign that the backend is down.
 */
public final class CallPipeline {

  private static final Layer DEDUPE = new Dedupe();

  private CallPipeline() {
  }

  /**
   * @param config  the backend's settings: its circuit breaker (or none) and its most calls in flight
   * @param metrics the gateway's metrics, given the backend's metrics layer and circuit state
   */
  public static BackendHandler compose(BackendConfig config, BackendHandler transport, CallMetrics metrics) {
    return compose(config, transport, metrics, null);
  }

  /** @param tracing the gateway's tracing, null when it is off (then no span is made and no header sent) */
  public static BackendHandler compose(BackendConfig config, BackendHandler transport, CallMetrics metrics,
                                       OpenTelemetry tracing) {
    List<Layer> layers = new ArrayList<>();
    layers.add(DEDUPE);
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
    return stack(layers, transport);
  }

  /** Dedupe and metrics only: for tests of those two layers. */
  public static BackendHandler compose(BackendHandler transport, Layer metrics) {
    return stack(metrics == null ? List.of(DEDUPE) : List.of(DEDUPE, metrics), transport);
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

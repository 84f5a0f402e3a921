package dev.sheaf.pipeline;

import java.util.List;

/**
 * The one place a backend's way to the wire is composed, once per backend when a configuration is
 * built. Read top to bottom, from the resolver down (ARCHITECTURE.md, "Call pipeline"):
 * <pre>
 * resolver -> dedupe -> [cache] -> metrics -> [breaker -> bulkhead -> retry -> timeout] -> transport
 * </pre>
 * The bracketed layers are not there yet; a policy is added here as one more layer and its config key.
 * The transport itself bounds a call by min(backend timeout, deadline left).
 */
public final class CallPipeline {

  private static final Layer DEDUPE = new Dedupe();

  private CallPipeline() {
  }

  /** @param metrics the backend's metrics layer, or null when metrics are off */
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

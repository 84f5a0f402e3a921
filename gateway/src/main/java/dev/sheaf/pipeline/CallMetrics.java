package dev.sheaf.pipeline;

/**
 * Makes each backend's metrics layer. One per gateway, shared by every configuration it loads, so
 * a backend's series go on across a reload.
 */
public interface CallMetrics {

  /** No metrics: pipelines without a metrics layer. */
  CallMetrics OFF = backend -> null;

  /** @return the metrics layer of the backend, or null for none */
  Layer layer(String backend);
}

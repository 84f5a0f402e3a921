package dev.sheaf.pipeline;

import dev.sheaf.binding.BackendConfig;

/**
 * Makes each backend's cache layer. One per gateway, shared by every configuration it loads, so
 * stored answers outlive a reload.
 */
public interface CallCache {

  /** No cache: pipelines without a cache layer. */
  CallCache OFF = config -> null;

  /** @return the backend's cache layer, or null for none */
  Layer layer(BackendConfig config);
}

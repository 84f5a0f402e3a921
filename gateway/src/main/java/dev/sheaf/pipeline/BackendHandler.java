package dev.sheaf.pipeline;

import io.vertx.core.Future;

/**
 * A backend call and its answer, as JSON-shaped values; the one shape every layer and transport has.
 * The future fails only with a {@link dev.sheaf.backend.BackendException}.
 */
@FunctionalInterface
public interface BackendHandler {

  Future<Object> handle(BackendCall call);
}

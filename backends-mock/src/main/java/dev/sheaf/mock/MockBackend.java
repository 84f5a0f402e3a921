package dev.sheaf.mock;

import io.vertx.core.json.JsonObject;

/**
 * What every running mock service has in common, whatever its protocol: a REST {@link MockService}
 * or the gRPC inventory. Each has its own typed knobs; here they are seen as JSON, exactly as the
 * {@code /_mock/knobs} admin endpoint shows and takes them. Implementations are thread-safe.
 */
public interface MockBackend {

  /** "users", "orders", "catalog", "recommendations" or "inventory". */
  String name();

  /** The port actually bound: the fixed one, or the one the OS picked for port 0. */
  int port();

  /** E.g. {@code http://127.0.0.1:7101}: where the {@code /_mock} admin endpoints answer (HTTP/1.1 or h2c). */
  String baseUrl();

  /** For logs: where clients of the service's own API connect. A REST service's {@link #baseUrl()}. */
  default String listensOn() {
    return baseUrl();
  }

  /** The current knobs as JSON, as {@code GET /_mock/knobs} returns them. */
  JsonObject knobsJson();

  /**
   * Atomically applies a partial update, as {@code PUT /_mock/knobs} does, and returns the resulting
   * knobs as JSON. Takes effect for calls arriving from now on.
   *
   * @throws IllegalArgumentException naming the field, on an unknown field or a bad value
   */
  JsonObject patchKnobs(JsonObject patch);

  /** Calls received since the start or the last reset; admin calls are never counted. */
  int calls();

  /** Calls received that are not over yet: not answered, and their stream or connection still open. */
  int inFlight();

  /** The most calls that were in flight at once since the start or the last reset. */
  int maxInFlight();

  /**
   * Zeroes {@link #calls()}, forgets the recorded calls and restarts {@link #maxInFlight()} from the
   * calls still in flight. {@link #inFlight()} is not zeroed: it counts live calls.
   */
  void resetStats();

  /** What {@code POST /_mock/reset} does: resets the stats, the initial knobs and any in-memory data. */
  void reset();
}

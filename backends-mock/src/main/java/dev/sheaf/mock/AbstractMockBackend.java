package dev.sheaf.mock;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What every mock service keeps the same way, whatever its protocol: its knobs, swapped atomically,
 * what it has seen, and the server it listens with. Thread-safe: tests may read and steer it from
 * any thread while it serves on its event loop.
 *
 * @param <K> the service's knobs
 * @param <R> what it records of each call
 */
public abstract class AbstractMockBackend<K extends MockKnobs<K>, R> implements MockBackend {

  private final K initialKnobs;
  private final AtomicReference<K> knobs;
  /** Counted and recorded by the service's handlers. */
  protected final ServiceStats<R> stats = new ServiceStats<>();
  private volatile HttpServer server;  // set once, when listening

  protected AbstractMockBackend(K initialKnobs) {
    this.initialKnobs = Objects.requireNonNull(initialKnobs, "initialKnobs");
    this.knobs = new AtomicReference<>(initialKnobs);
  }

  /** Called once by the service's start, when its server listens. */
  protected final void listening(HttpServer listening) {
    this.server = listening;
  }

  /** Closes the server and with it every open connection, hung calls included. */
  public final Future<Void> stop() {
    return server.close();
  }

  @Override
  public final int port() {
    return server.actualPort();
  }

  public final K knobs() {
    return knobs.get();
  }

  /** Takes effect for calls arriving from now on; calls already in flight keep theirs. */
  public final void setKnobs(K newKnobs) {
    knobs.set(Objects.requireNonNull(newKnobs, "knobs"));
  }

  @Override
  public final JsonObject knobsJson() {
    return knobs().toJson();
  }

  @Override
  public final JsonObject patchKnobs(JsonObject patch) {
    return knobs.updateAndGet(current -> current.withPatch(patch)).toJson();
  }

  @Override
  public final int calls() {
    return stats.calls();
  }

  @Override
  public final int inFlight() {
    return stats.inFlight().current();
  }

  @Override
  public final int maxInFlight() {
    return stats.inFlight().max();
  }

  /** The last {@value ServiceStats#CAPACITY} calls, oldest first; a copy. */
  public final List<R> requests() {
    return stats.requests();
  }

  @Override
  public final void resetStats() {
    stats.reset();
  }

  @Override
  public final void reset() {
    resetStats();
    setKnobs(initialKnobs);
    resetData();
  }

  /** Forgets what the service's own API has changed in its data; by default there is nothing to forget. */
  protected void resetData() {
  }
}

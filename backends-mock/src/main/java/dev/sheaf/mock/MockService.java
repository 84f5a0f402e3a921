package dev.sheaf.mock;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One running REST mock service: where it listens, how it currently misbehaves, and what it has seen.
 * Thread-safe: tests may read and steer it from any thread while it serves on its event loop.
 */
public final class MockService implements MockBackend {

  private final String name;
  private final String host;
  private final Knobs initialKnobs;
  private final AtomicReference<Knobs> knobs;
  private final ServiceStats<RecordedRequest> stats = new ServiceStats<>();
  private final ShopEndpoints endpoints;
  private volatile HttpServer server;  // set once, when listening

  private MockService(ShopService kind, String host, Knobs initialKnobs) {
    this.name = kind.serviceName();
    this.host = host;
    this.initialKnobs = initialKnobs;
    this.knobs = new AtomicReference<>(initialKnobs);
    this.endpoints = kind.newEndpoints();
  }

  /**
   * @param allServices the gauge shared by all services of one {@link MockBackends}
   */
  static Future<MockService> start(Vertx vertx, ShopService kind, String host, int port, Knobs initialKnobs,
                                   InFlightGauge allServices) {
    MockService service = new MockService(kind, host, initialKnobs);
    RequestTracker tracker = new RequestTracker(service.stats, allServices, service::knobs);
    return vertx.createHttpServer()
        .requestHandler(ServiceRouter.create(vertx, service, service.endpoints, tracker))
        .listen(port, host)
        .map(server -> {
          service.server = server;
          return service;
        });
  }

  /** Closes the server and with it every open connection, hung requests included. */
  Future<Void> stop() {
    return server.close();
  }

  /** "users", "orders", "catalog" or "recommendations". */
  @Override
  public String name() {
    return name;
  }

  @Override
  public int port() {
    return server.actualPort();
  }

  /** E.g. {@code http://127.0.0.1:7101}, without a trailing slash. */
  @Override
  public String baseUrl() {
    return "http://" + host + ":" + port();
  }

  public Knobs knobs() {
    return knobs.get();
  }

  /** Takes effect for requests arriving from now on; requests already in flight keep theirs. */
  public void setKnobs(Knobs newKnobs) {
    knobs.set(Objects.requireNonNull(newKnobs, "knobs"));
  }

  @Override
  public JsonObject knobsJson() {
    return knobs().toJson();
  }

  /** See {@link Knobs#withPatch(JsonObject)} for the accepted fields and values. */
  @Override
  public JsonObject patchKnobs(JsonObject patch) {
    return knobs.updateAndGet(current -> current.withPatch(patch)).toJson();
  }

  /** Non-admin requests received since the start or the last reset. */
  @Override
  public int calls() {
    return stats.calls();
  }

  /** Requests received whose response has not ended and whose connection is still open. */
  @Override
  public int inFlight() {
    return stats.inFlight().current();
  }

  @Override
  public int maxInFlight() {
    return stats.inFlight().max();
  }

  /** The last {@value ServiceStats#CAPACITY} non-admin requests, oldest first; a copy. */
  public List<RecordedRequest> requests() {
    return stats.requests();
  }

  /**
   * Zeroes {@link #calls()}, forgets the recorded requests and restarts {@link #maxInFlight()} from
   * the requests still in flight. {@link #inFlight()} is not zeroed: it counts live requests, and
   * they are still there.
   */
  @Override
  public void resetStats() {
    stats.reset();
  }

  /** What {@code POST /_mock/reset} does: resets the stats, the initial knobs and the in-memory data. */
  @Override
  public void reset() {
    resetStats();
    setKnobs(initialKnobs);
    endpoints.resetState();
  }

  @Override
  public String toString() {
    return "MockService[" + name + " at " + baseUrl() + "]";
  }
}

package dev.sheaf.mock;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * One running REST mock service: where it listens, how it currently misbehaves, and what it has seen.
 * Thread-safe: tests may read and steer it from any thread while it serves on its event loop.
 */
public final class MockService extends AbstractMockBackend<Knobs, RecordedRequest> {

  private final String name;
  private final String host;
  private final ShopEndpoints endpoints;
  private final String scheme;

  private MockService(ShopService kind, String host, Knobs initialKnobs, boolean tls) {
    super(initialKnobs);
    this.name = kind.serviceName();
    this.host = host;
    this.endpoints = kind.newEndpoints();
    this.scheme = tls ? "https" : "http";
  }

  /**
   * @param allServices the gauge shared by all services of one {@link MockBackends}
   * @param tls         null for cleartext
   */
  static Future<MockService> start(Vertx vertx, ShopService kind, String host, int port, Knobs initialKnobs,
                                   InFlightGauge allServices, MockTls tls) {
    MockService service = new MockService(kind, host, initialKnobs, tls != null);
    RequestTracker tracker = new RequestTracker(service.stats, allServices, service::knobs);
    return vertx.createHttpServer(MockTls.serverOptions(tls))
        .requestHandler(ServiceRouter.create(vertx, service, service.endpoints, tracker))
        .listen(port, host)
        .map(server -> {
          service.listening(server);
          return service;
        });
  }

  /** "users", "orders", "catalog" or "recommendations". */
  @Override
  public String name() {
    return name;
  }

  /** E.g. {@code http://127.0.0.1:7101} ({@code https://} over TLS), without a trailing slash. */
  @Override
  public String baseUrl() {
    return scheme + "://" + host + ":" + port();
  }

  /** Forgets the orders placed and the names changed through the service's API. */
  @Override
  protected void resetData() {
    endpoints.resetState();
  }

  @Override
  public String toString() {
    return "MockService[" + name + " at " + baseUrl() + "]";
  }
}

package dev.sheaf.mock.inventory;

import dev.sheaf.mock.AbstractMockBackend;
import dev.sheaf.mock.AdminRoutes;
import dev.sheaf.mock.InFlightGauge;
import dev.sheaf.mock.MockTls;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.grpc.common.ServiceName;
import io.vertx.grpc.reflection.ReflectionService;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerOptions;
import io.vertx.grpc.server.Service;

/**
 * The running inventory service: {@code inventory.v1.InventoryService} over gRPC (cleartext HTTP/2),
 * with server reflection, and the {@code /_mock} admin API on the same port. Thread-safe: tests may
 * read and steer it from any thread while it serves on its event loop. Its calls, in flight and
 * recorded, are {@code GetStock} calls only: reflection and admin calls are not counted.
 */
public final class InventoryMock extends AbstractMockBackend<GrpcKnobs, RecordedCall> {

  public static final String NAME = "inventory";
  /** The port in fixed-ports mode, after the REST services' 7101..7104. */
  public static final int FIXED_PORT = 7105;

  private final String host;
  private final boolean tls;

  private InventoryMock(String host, GrpcKnobs initialKnobs, boolean tls) {
    super(initialKnobs);
    this.host = host;
    this.tls = tls;
  }

  /**
   * Starts the service; {@code MockBackends.start} does this for the whole shop.
   *
   * @param port        0 for a port the OS picks
   * @param allServices the gauge shared by all services of one {@code MockBackends}, for its total
   */
  public static Future<InventoryMock> start(Vertx vertx, String host, int port, GrpcKnobs initialKnobs,
                                            InFlightGauge allServices) {
    return start(vertx, host, port, initialKnobs, allServices, null);
  }

  /** Like {@link #start(Vertx, String, int, GrpcKnobs, InFlightGauge)}, over TLS unless {@code tls} is null. */
  public static Future<InventoryMock> start(Vertx vertx, String host, int port, GrpcKnobs initialKnobs,
                                            InFlightGauge allServices, MockTls tls) {
    InventoryMock mock = new InventoryMock(host, initialKnobs, tls != null);
    // Reading the descriptors is (classpath) I/O: kept off the event loop, as start may run on one.
    return vertx.executeBlocking(InventoryProto::load)
        // No limit on the client's stream cancels (Vert.x's default closes the connection after 200
        // in 30 s): a gateway cancels every call that outlives its timeout, which is the point of
        // the hang knob, not an attack.
        .compose(proto -> vertx.createHttpServer(MockTls.serverOptions(tls).setHttp2RstFloodMaxRstFramePerWindow(0))
            .requestHandler(mock.requestHandler(vertx, proto, allServices))
            .listen(port, host))
        .map(server -> {
          mock.listening(server);
          return mock;
        });
  }

  private Handler<HttpServerRequest> requestHandler(Vertx vertx, InventoryProto proto, InFlightGauge allServices) {
    GetStockHandler getStock = new GetStockHandler(vertx, proto, stats, allServices, this::knobs);
    // The mock never enforces a caller's deadline itself: abandoning a hung call is the client's job.
    GrpcServer grpc = GrpcServer.server(vertx, new GrpcServerOptions().setScheduleDeadlineAutomatically(false))
        .addService(Service.service(ServiceName.create(InventoryProto.SERVICE), proto.service())
            .bind(getStock.method(), getStock)
            .build())
        .addService(ReflectionService.v1());  // lists the services added above, so grpcurl works
    Router admin = AdminRoutes.router(vertx, this);
    // One port for both, told apart by content type: gRPC clients send application/grpc over h2c
    // (prior knowledge); curl and the perf harness reach /_mock over HTTP/1.1 or HTTP/2.
    return request -> {
      String contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
      if (contentType != null && contentType.startsWith("application/grpc")) {
        grpc.handle(request);
      } else {
        admin.handle(request);
      }
    };
  }

  @Override
  public String name() {
    return NAME;
  }

  /** {@code host:port}, e.g. {@code 127.0.0.1:7105}: what a gRPC client (the gateway's {@code grpc:}) dials. */
  public String address() {
    return host + ":" + port();
  }

  /** E.g. {@code http://127.0.0.1:7105} ({@code https://} over TLS): the same port, for the {@code /_mock} admin API. */
  @Override
  public String baseUrl() {
    return (tls ? "https://" : "http://") + address();
  }

  @Override
  public String listensOn() {
    return address() + " (gRPC; admin API at " + baseUrl() + "/_mock)";
  }

  @Override
  public String toString() {
    return "InventoryMock[" + listensOn() + "]";
  }
}

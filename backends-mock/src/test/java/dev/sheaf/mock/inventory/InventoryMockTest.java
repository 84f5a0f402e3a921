package dev.sheaf.mock.inventory;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.DynamicMessage;
import dev.sheaf.mock.BlockingHttp;
import dev.sheaf.mock.Knobs;
import dev.sheaf.mock.MockBackends;
import dev.sheaf.mock.MockOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientOptions;
import io.vertx.grpc.client.GrpcClientResponse;
import io.vertx.grpc.client.InvalidStatusException;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;
import io.vertx.grpc.reflection.v1.ServerReflectionRequest;
import io.vertx.grpc.reflection.v1.ServerReflectionResponse;
import io.vertx.grpc.reflection.v1.ServiceResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.sheaf.mock.BlockingHttp.TIMEOUT_MS;
import static dev.sheaf.mock.BlockingHttp.await;
import static dev.sheaf.mock.BlockingHttp.awaitFailure;
import static io.vertx.core.http.HttpMethod.POST;
import static io.vertx.core.http.HttpMethod.PUT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gRPC inventory, started with the rest of the shop on random ports and called over the wire
 * with Vert.x's gRPC client. Messages are built by field name from the descriptors, as the
 * gateway does, so these tests also pin the proto contract.
 */
@ExtendWith(VertxExtension.class)
class InventoryMockTest {

  private static final long DEADLINE_MS = 500;

  private BlockingHttp http;
  private MockBackends backends;
  private InventoryMock inventory;
  private GrpcClient grpc;
  private MethodDescriptor getStock;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    http = new BlockingHttp(vertx);
    backends = await(MockBackends.start(vertx, MockOptions.randomPorts()));
    inventory = backends.inventory();
    // Enforces req.timeout(...) on the client side, as the gateway does: the mock never does.
    grpc = GrpcClient.client(vertx, new GrpcClientOptions().setScheduleDeadlineAutomatically(true));
    getStock = InventoryProto.load().getStock();
  }

  @AfterEach
  void stop() throws Exception {
    await(grpc.close());
    http.close();
    backends.close();
  }

  // ---- data ----

  @Test
  void answersKnownProductsInRequestOrderOnce() throws Exception {
    DynamicMessage reply = await(getStock(List.of("p7", "p9999", "p3", "p7", "x", "p25")).compose(GrpcClientResponse::last));

    List<InventoryData.Stock> items = items(reply);
    assertThat(items).extracting(InventoryData.Stock::productId).containsExactly("p7", "p3", "p25");
    assertThat(items).isEqualTo(InventoryData.stock(List.of("p7", "p3", "p25")));
    assertThat(items.get(2).available()).isZero();
    assertThat(items).allSatisfy(item -> {
      assertThat(item.available()).isBetween(0, 99);
      assertThat(item.warehouse()).isIn(InventoryData.WAREHOUSES);
    });
    assertThat(items(await(getStock(List.of("p0", "p501")).compose(GrpcClientResponse::last)))).isEmpty();
  }

  // ---- counting and recording ----

  @Test
  void countsAndRecordsCallsWithTheirMetadataAndDeadline() throws Exception {
    Future<DynamicMessage> call = grpc.request(address(), clientMethod()).compose(request -> {
      request.headers().set("x-request-id", "abc-123");
      request.timeout(DEADLINE_MS, TimeUnit.MILLISECONDS);
      return request.send(stockRequest(List.of("p1", "p1", "p404"))).compose(GrpcClientResponse::last);
    });
    await(call);
    await(http.eventually(() -> inventory.inFlight() == 0));

    assertThat(inventory.calls()).isEqualTo(1);
    assertThat(inventory.maxInFlight()).isEqualTo(1);
    RecordedCall recorded = inventory.requests().get(0);
    assertThat(recorded.method()).isEqualTo("inventory.v1.InventoryService/GetStock");
    assertThat(recorded.productIds()).containsExactly("p1", "p1", "p404");
    assertThat(recorded.header("X-Request-Id")).isEqualTo("abc-123");
    assertThat(recorded.header("content-type")).startsWith("application/grpc");
    assertThat(recorded.headers()).containsKey("grpc-timeout");
    assertThat(recorded.grpcTimeoutMillis()).isBetween(1L, DEADLINE_MS);

    // Admin calls over HTTP/1.1 on the same port are not counted, nor is reflection.
    assertThat(http.get(inventory, "/_mock/stats").bodyAsJsonObject())
        .isEqualTo(new JsonObject().put("calls", 1).put("inFlight", 0).put("maxInFlight", 1));
    await(listServices());
    assertThat(inventory.calls()).isEqualTo(1);

    backends.resetStats();
    assertThat(inventory.calls()).isZero();
    assertThat(inventory.requests()).isEmpty();
  }

  @Test
  void maxInFlightCountsConcurrentCallsAndTheShopTotal() throws Exception {
    backends.setKnobsForAll(Knobs.none().withLatency(300));
    List<Future<?>> calls = new ArrayList<>();
    for (String id : List.of("p1", "p2", "p3")) {
      calls.add(getStock(List.of(id)).compose(GrpcClientResponse::last));
    }
    calls.add(http.start(backends.catalog(), "/products/p1"));
    await(Future.all(calls));

    assertThat(inventory.calls()).isEqualTo(3);
    assertThat(inventory.maxInFlight()).isEqualTo(3);
    assertThat(backends.maxInFlightTotal()).isEqualTo(4);
    await(http.eventually(() -> inventory.inFlight() == 0));
  }

  // ---- knobs ----

  @Test
  void grpcStatusKnobFailsEveryCallWithThatStatus() throws Exception {
    for (GrpcStatus status : List.of(GrpcStatus.NOT_FOUND, GrpcStatus.UNAVAILABLE, GrpcStatus.DEADLINE_EXCEEDED,
        GrpcStatus.INVALID_ARGUMENT, GrpcStatus.PERMISSION_DENIED, GrpcStatus.UNAUTHENTICATED, GrpcStatus.INTERNAL)) {
      inventory.setKnobs(GrpcKnobs.none().withGrpcStatus(status));
      GrpcClientResponse<DynamicMessage, DynamicMessage> response = await(getStock(List.of("p1")));
      Throwable failure = awaitFailure(response.last());

      assertThat(response.status()).as("status").isEqualTo(status);
      assertThat(response.statusMessage()).isEqualTo("injected " + status.name());
      assertThat(failure).isInstanceOfSatisfying(InvalidStatusException.class,
          invalid -> assertThat(invalid.actualStatus()).isEqualTo(status));
    }
    assertThat(inventory.calls()).isEqualTo(7);
    await(http.eventually(() -> inventory.inFlight() == 0));
  }

  @Test
  void latencyDelaysTheAnswer() throws Exception {
    inventory.setKnobs(GrpcKnobs.none().withLatency(300));
    long start = System.nanoTime();
    DynamicMessage reply = await(getStock(List.of("p1")).compose(GrpcClientResponse::last));
    assertThat(elapsedMs(start)).isBetween(290L, TIMEOUT_MS);
    assertThat(items(reply)).hasSize(1);
  }

  @Test
  void hungCallStaysInFlightUntilTheClientDeadlineCancelsIt() throws Exception {
    inventory.setKnobs(GrpcKnobs.none().withHang(true));
    long start = System.nanoTime();
    Future<DynamicMessage> hung = getStock(List.of("p1")).compose(GrpcClientResponse::last);
    await(http.eventually(() -> inventory.inFlight() == 1));

    assertThat(awaitFailure(hung)).isNotNull();
    assertThat(elapsedMs(start)).isBetween(DEADLINE_MS - 50, TIMEOUT_MS);
    await(http.eventually(() -> inventory.inFlight() == 0));
    assertThat(backends.maxInFlightTotal()).isEqualTo(1);
  }

  @Test
  void hungCallEndsWhenTheServerCloses() throws Exception {
    inventory.setKnobs(GrpcKnobs.none().withHang(true));
    Future<DynamicMessage> hung = grpc.request(address(), clientMethod())
        .compose(request -> request.send(stockRequest(List.of("p1"))))  // no deadline at all
        .compose(GrpcClientResponse::last);
    await(http.eventually(() -> inventory.inFlight() == 1));

    await(backends.closeAsync());
    assertThat(awaitFailure(hung)).isNotNull();
    await(http.eventually(() -> inventory.inFlight() == 0));
  }

  @Test
  void resetConnectionFailsTheCallWithoutAnAnswer() throws Exception {
    inventory.setKnobs(GrpcKnobs.none().withResetConnection(true));
    assertThat(awaitFailure(getStock(List.of("p1")).compose(GrpcClientResponse::last))).isNotNull();
    await(http.eventually(() -> inventory.inFlight() == 0));
    assertThat(inventory.calls()).isEqualTo(1);

    inventory.setKnobs(GrpcKnobs.none());  // the client reconnects for the next call
    assertThat(items(await(getStock(List.of("p1")).compose(GrpcClientResponse::last)))).hasSize(1);
  }

  @Test
  void errorStatusForAllServicesFailsTheInventoryWithTheMatchingGrpcStatus() throws Exception {
    backends.setKnobsForAll(Knobs.none().withErrorStatus(503));
    assertThat(inventory.knobs()).isEqualTo(GrpcKnobs.none().withGrpcStatus(GrpcStatus.UNAVAILABLE));
    assertThat(await(getStock(List.of("p1"))).status()).isEqualTo(GrpcStatus.UNAVAILABLE);
  }

  // ---- admin API and reflection ----

  @Test
  void adminApiAnswersHttp11OnTheGrpcPort() throws Exception {
    HttpResponse<Buffer> updated = http.send(PUT, inventory, "/_mock/knobs",
        new JsonObject().put("grpcStatus", "unavailable").put("latencyMs", "10ms"));
    GrpcKnobs expected = GrpcKnobs.none().withLatency(10).withGrpcStatus(GrpcStatus.UNAVAILABLE);
    assertThat(updated.version()).isEqualTo(HttpVersion.HTTP_1_1);
    assertThat(updated.statusCode()).isEqualTo(200);
    assertThat(updated.bodyAsJsonObject()).isEqualTo(expected.toJson());
    assertThat(inventory.knobs()).isEqualTo(expected);
    assertThat(http.get(inventory, "/_mock/knobs").bodyAsJsonObject().getString("grpcStatus")).isEqualTo("UNAVAILABLE");

    HttpResponse<Buffer> restOnly = http.send(PUT, inventory, "/_mock/knobs", new JsonObject().put("errorStatus", 503));
    assertThat(restOnly.statusCode()).isEqualTo(400);
    assertThat(restOnly.bodyAsJsonObject().getString("error")).contains("'errorStatus'");
    assertThat(http.send(PUT, inventory, "/_mock/knobs", new JsonObject().put("grpcStatus", "SOON")).statusCode())
        .isEqualTo(400);

    assertThat(http.send(POST, inventory, "/_mock/reset").statusCode()).isEqualTo(204);
    assertThat(inventory.knobs()).isEqualTo(GrpcKnobs.none());
    assertThat(http.get(inventory, "/elsewhere").statusCode()).isEqualTo(404);
    assertThat(inventory.calls()).isZero();
  }

  @Test
  void reflectionListsAndDescribesTheInventoryService() throws Exception {
    ServerReflectionResponse listed = await(listServices());
    assertThat(listed.getListServicesResponse().getServiceList()).extracting(ServiceResponse::getName)
        .contains("inventory.v1.InventoryService");

    ServerReflectionResponse described = await(reflect(ServerReflectionRequest.newBuilder()
        .setFileContainingSymbol("inventory.v1.InventoryService").build()));
    FileDescriptorProto file = FileDescriptorProto.parseFrom(
        described.getFileDescriptorResponse().getFileDescriptorProto(0));
    assertThat(file.getPackage()).isEqualTo("inventory.v1");
    assertThat(file.getService(0).getMethod(0).getName()).isEqualTo("GetStock");
  }

  @Test
  void isOneOfTheShopsServices() {
    assertThat(backends.service("inventory")).isSameAs(inventory);
    assertThat(backends.all()).last().isSameAs(inventory);
    assertThat(inventory.address()).isEqualTo("127.0.0.1:" + inventory.port());
    assertThat(inventory.baseUrl()).isEqualTo("http://127.0.0.1:" + inventory.port());
  }

  // ---- helpers ----

  private Future<GrpcClientResponse<DynamicMessage, DynamicMessage>> getStock(List<String> productIds) {
    return grpc.request(address(), clientMethod()).compose(request -> {
      request.timeout(DEADLINE_MS, TimeUnit.MILLISECONDS);
      return request.send(stockRequest(productIds));
    });
  }

  private ServiceMethod<DynamicMessage, DynamicMessage> clientMethod() {
    return ServiceMethod.client(ServiceName.create("inventory.v1.InventoryService"), "GetStock",
        GrpcMessageEncoder.encoder(), GrpcMessageDecoder.decoder(DynamicMessage.getDefaultInstance(getStock.getOutputType())));
  }

  private DynamicMessage stockRequest(List<String> productIds) {
    Descriptor type = getStock.getInputType();
    return DynamicMessage.newBuilder(type).setField(type.findFieldByName("product_ids"), productIds).build();
  }

  private static List<InventoryData.Stock> items(DynamicMessage reply) {
    return ((List<?>) field(reply, "items")).stream()
        .map(DynamicMessage.class::cast)
        .map(stock -> new InventoryData.Stock((String) field(stock, "product_id"), (Integer) field(stock, "available"),
            (String) field(stock, "warehouse")))
        .toList();
  }

  private static Object field(DynamicMessage message, String name) {
    return message.getField(message.getDescriptorForType().findFieldByName(name));
  }

  private Future<ServerReflectionResponse> listServices() {
    return reflect(ServerReflectionRequest.newBuilder().setListServices("*").build());
  }

  private Future<ServerReflectionResponse> reflect(ServerReflectionRequest question) {
    ServiceMethod<ServerReflectionResponse, ServerReflectionRequest> method = ServiceMethod.client(
        ServiceName.create("grpc.reflection.v1.ServerReflection"), "ServerReflectionInfo",
        GrpcMessageEncoder.encoder(), GrpcMessageDecoder.decoder(ServerReflectionResponse.getDefaultInstance()));
    return grpc.request(address(), method)
        .compose(request -> request.send(question))
        .compose(GrpcClientResponse::last);
  }

  private SocketAddress address() {
    return SocketAddress.inetSocketAddress(inventory.port(), "127.0.0.1");
  }

  private static long elapsedMs(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }
}

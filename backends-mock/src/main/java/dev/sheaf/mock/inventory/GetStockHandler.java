package dev.sheaf.mock.inventory;

import com.google.protobuf.DynamicMessage;
import dev.sheaf.mock.InFlightGauge;
import dev.sheaf.mock.InFlightTicket;
import dev.sheaf.mock.ServiceStats;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;
import io.vertx.grpc.server.GrpcServerRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Serves {@code GetStock}: counts and records the call, keeps it in flight until it is over however
 * it ends, applies the knobs it arrived with, and answers from {@link InventoryData}.
 */
final class GetStockHandler implements Handler<GrpcServerRequest<DynamicMessage, DynamicMessage>> {

  private static final Logger LOG = LoggerFactory.getLogger(GetStockHandler.class);

  private final Vertx vertx;
  private final InventoryProto proto;
  private final ServiceStats<RecordedCall> stats;
  private final InFlightGauge allServices;
  private final Supplier<GrpcKnobs> knobs;

  GetStockHandler(Vertx vertx, InventoryProto proto, ServiceStats<RecordedCall> stats, InFlightGauge allServices,
                  Supplier<GrpcKnobs> knobs) {
    this.vertx = vertx;
    this.proto = proto;
    this.stats = stats;
    this.allServices = allServices;
    this.knobs = knobs;
  }

  /** The method this handler serves, with protobuf codecs built from the descriptors. */
  ServiceMethod<DynamicMessage, DynamicMessage> method() {
    return ServiceMethod.server(ServiceName.create(InventoryProto.SERVICE), InventoryProto.GET_STOCK,
        GrpcMessageEncoder.encoder(),
        GrpcMessageDecoder.decoder(DynamicMessage.getDefaultInstance(proto.getStock().getInputType())));
  }

  @Override
  public void handle(GrpcServerRequest<DynamicMessage, DynamicMessage> request) {
    // Unary: the one request message holds the product ids, which the recorded call needs.
    request.handler(message -> serve(request, proto.productIds(message)));
  }

  private void serve(GrpcServerRequest<DynamicMessage, DynamicMessage> request, List<String> productIds) {
    stats.countCall(RecordedCall.of(request.fullMethodName(), productIds, request.headers()));
    InFlightTicket ticket = InFlightTicket.enter(stats.inFlight(), allServices);
    // Besides the answer being sent: the client cancels (RST_STREAM, e.g. on its deadline) or the
    // connection closes (a reset knob, or the server stopping). Either way a hung call ends here.
    request.errorHandler(error -> ticket.release());
    request.response().exceptionHandler(failure -> ticket.release());
    GrpcKnobs pinned = knobs.get();  // consistent even if a test changes the knobs during the delay
    long delayMs = pinned.latencyMs() + jitter(pinned.jitterMs());
    if (delayMs == 0) {
      inject(request, productIds, pinned, ticket);
      return;
    }
    // A timer, never a sleep: the event loop keeps serving other calls meanwhile.
    vertx.setTimer(delayMs, timerId -> {
      if (!ticket.released()) {  // the client may have given up while we waited
        inject(request, productIds, pinned, ticket);
      }
    });
  }

  private void inject(GrpcServerRequest<DynamicMessage, DynamicMessage> request, List<String> productIds,
                      GrpcKnobs knobs, InFlightTicket ticket) {
    if (knobs.resetConnection()) {
      request.connection().close();
    } else if (knobs.hang()) {
      LOG.debug("hanging {} for {}", request.fullMethodName(), productIds);
    } else if (knobs.grpcStatus() != GrpcStatus.OK) {
      request.response()
          .status(knobs.grpcStatus())
          .statusMessage("injected " + knobs.grpcStatus().name())
          .end()
          .onComplete(sent -> ticket.release());
    } else {
      request.response().end(proto.reply(InventoryData.stock(productIds))).onComplete(sent -> ticket.release());
    }
  }

  private static long jitter(long maxJitterMs) {
    return maxJitterMs == 0 ? 0 : ThreadLocalRandom.current().nextLong(maxJitterMs + 1);
  }
}

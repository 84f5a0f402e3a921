package dev.sheaf.backend.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.DynamicMessage;
import dev.sheaf.backend.Deadline;
import dev.sheaf.binding.BackendConfig;
import dev.sheaf.mock.InFlightGauge;
import dev.sheaf.mock.inventory.GrpcKnobs;
import dev.sheaf.mock.inventory.InventoryMock;
import dev.sheaf.mock.inventory.InventoryProto;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.vertx.core.Vertx;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.grpc.client.GrpcClientRequest;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A gRPC call's request reaches the socket in one flush (one {@code writev}), against the real
 * inventory mock: Vert.x alone flushes the message and the end of the stream apart.
 */
class GrpcBackendWritesTest {

  private final Vertx vertx = Vertx.vertx();
  private InventoryMock inventory;
  private GrpcBackend backend;
  private MethodDescriptor getStock;

  @BeforeEach
  void start() {
    inventory = InventoryMock.start(vertx, "127.0.0.1", 0, GrpcKnobs.none(), new InFlightGauge()).await();
    getStock = InventoryProto.load().getStock();
    BackendConfig config = new BackendConfig(InventoryMock.NAME, URI.create("grpc://127.0.0.1:" + inventory.port()),
        new BackendConfig.Grpc("127.0.0.1", inventory.port(), false, BackendConfig.DEFAULT_MAX_STREAMS, false),
        Duration.ofSeconds(5), 1, List.of(), false, Map.of(), BackendConfig.DEFAULT_MAX_RESPONSE_BYTES);
    backend = new GrpcBackend(vertx, config);
  }

  @AfterEach
  void stop() {
    backend.close().await();
    vertx.close().await();
  }

  /** Counts the flushes that carry bytes, at the socket's end of the connection's pipeline. */
  private static final class WritingFlushes extends ChannelDuplexHandler {
    private boolean written;
    private int count;

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
      written = true;
      ctx.write(msg, promise);
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
      if (written) {
        count++;
        written = false;
      }
      ctx.flush();
    }
  }

  private DynamicMessage stockOf(String productId) {
    return DynamicMessage.newBuilder(getStock.getInputType())
        .addRepeatedField(getStock.getInputType().findFieldByName("product_ids"), productId)
        .build();
  }

  @Test
  void eachCallLeavesInOneFlush() {
    // A request never sent finds the connection; a call after it opens it and sees off whatever the
    // cancelled request flushes. Then the counter goes next to the socket.
    GrpcClientRequest<?, ?> probe = backend.client().request(backend.address()).await();
    Channel channel = ((ConnectionBase) probe.connection()).channel();
    probe.cancel();
    backend.call(getStock, stockOf("p100"), Deadline.after(Duration.ofSeconds(5)), Map.of()).await();
    WritingFlushes flushes = new WritingFlushes();
    channel.pipeline().addFirst(flushes);
    int callsBefore = inventory.calls();

    for (int i = 1; i <= 5; i++) {
      DynamicMessage answer = backend.call(getStock, stockOf("p" + i), Deadline.after(Duration.ofSeconds(5)), Map.of())
          .await();
      assertThat(answer.toString()).contains("p" + i);
    }

    assertThat(inventory.calls() - callsBefore).isEqualTo(5);
    // Reads ended by the calls' answers may flush too, but only when they have something to send.
    assertThat(channel.eventLoop().submit(() -> flushes.count).syncUninterruptibly().getNow())
        .as("flushes that wrote bytes, for 5 calls").isEqualTo(5);
  }
}

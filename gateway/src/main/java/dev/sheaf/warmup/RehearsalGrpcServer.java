package dev.sheaf.warmup;

import com.google.protobuf.Descriptors.MethodDescriptor;
import dev.sheaf.backend.grpc.GrpcBackend;
import dev.sheaf.backend.grpc.ProtoJson;
import dev.sheaf.binding.BackendConfig;
import dev.sheaf.pipeline.BackendHandler;
import dev.sheaf.pipeline.GrpcTransport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerRequest;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * A loopback gRPC server that answers a warm-up's gRPC calls with messages made from each method's
 * output descriptor ({@link SampleMessages}), so the warm-up runs the gRPC transport too: the client,
 * HTTP/2, the message codec, protobuf decoding and the protobuf-to-JSON conversion, compiled before the
 * first user's call. It knows the methods the bindings call, and no service; a method it does not know
 * (a Java resolver's own call) is answered UNIMPLEMENTED. It listens on 127.0.0.1 only; no call of the
 * warm-up reaches a backend.
 */
final class RehearsalGrpcServer {

  private final Vertx vertx;
  /** The encoded answer of each method, by {@code package.Service/Method}. */
  private final Map<String, Buffer> answers;
  private final LoopbackServer loopback = new LoopbackServer();

  /** @param methods the methods the warm-up's calls may name */
  RehearsalGrpcServer(Vertx vertx, Collection<MethodDescriptor> methods) {
    this.vertx = vertx;
    Map<String, Buffer> byName = new HashMap<>();
    for (MethodDescriptor method : methods) {
      byName.putIfAbsent(method.getService().getFullName() + "/" + method.getName(),
          Buffer.buffer(SampleMessages.of(method.getOutputType()).toByteArray()));
    }
    this.answers = Map.copyOf(byName);
  }

  /** Listens on a free loopback port; a server that cannot listen leaves the in-process answers in place. */
  Future<Void> start() {
    GrpcServer grpc = GrpcServer.server(vertx).callHandler(this::answer);
    return loopback.listen(vertx.createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(true))
        .requestHandler(grpc));
  }

  private void answer(GrpcServerRequest<Buffer, Buffer> call) {
    Buffer answer = answers.get(call.serviceName().fullyQualifiedName() + "/" + call.methodName());
    call.last().onComplete(request -> {
      if (answer == null) {
        call.response().status(GrpcStatus.UNIMPLEMENTED).end();
        return;
      }
      loopback.countAnswer();
      call.response().end(answer.copy()); // a written buffer is not written again
    });
  }

  /**
   * The transport of one gRPC backend: the very {@link GrpcTransport} users' calls go through, over a
   * client of its own pointed at this server; {@code inProcess} when this server does not listen.
   */
  BackendHandler transport(BackendConfig config, ProtoJson protoJson, BackendHandler inProcess) {
    int port = loopback.port();
    if (port < 0) {
      return inProcess;
    }
    GrpcBackend client = new GrpcBackend(vertx, RehearsalBackend.loopback(config, null,
        new BackendConfig.Grpc("127.0.0.1", port, false, config.grpc().maxConcurrentStreams(), false)));
    loopback.madeClient(client::close);
    return new GrpcTransport(client, protoJson);
  }

  /** The calls it answered so far. */
  long answered() {
    return loopback.answered();
  }

  Future<Void> close() {
    return loopback.close();
  }
}

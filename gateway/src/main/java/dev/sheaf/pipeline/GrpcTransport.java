package dev.sheaf.pipeline;

import dev.sheaf.backend.grpc.GrpcBackend;
import dev.sheaf.backend.grpc.ProtoJson;
import dev.sheaf.backend.grpc.RpcRequest;
import io.vertx.core.Future;

/** The bottom of a gRPC backend's pipeline: calls the method and turns its answer into JSON values. */
public final class GrpcTransport implements BackendHandler {

  private final GrpcBackend backend;
  private final ProtoJson protoJson;

  public GrpcTransport(GrpcBackend backend, ProtoJson protoJson) {
    this.backend = backend;
    this.protoJson = protoJson;
  }

  @Override
  public Future<Object> handle(BackendCall call) {
    RpcRequest request = (RpcRequest) call.request();
    return backend.call(request.method(), request.message(), call.deadline(), request.metadata())
        .map(message -> {
          if (call.cache() != null) {
            // gRPC answers say nothing about caching: only the backend's configured TTL applies.
            call.cache().answered(null, null, null, null, message.getSerializedSize());
          }
          return protoJson.toJson(message);
        });
  }
}

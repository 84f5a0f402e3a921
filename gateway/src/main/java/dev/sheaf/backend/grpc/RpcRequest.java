package dev.sheaf.backend.grpc;

import com.google.protobuf.DescriptorProtos;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.DynamicMessage;
import dev.sheaf.backend.BackendRequest;
import dev.sheaf.backend.CallRequest;
import io.vertx.core.buffer.Buffer;
import java.util.Map;

/**
 * One rendered gRPC unary call.
 *
 * @param metadata the headers the call carries
 * @param read     the method only reads, so identical calls of one request are made once
 */
public record RpcRequest(String backend, MethodDescriptor method, DynamicMessage message, Map<String, String> metadata,
                         boolean read) implements CallRequest {

  /** Marked in its .proto: {@code option idempotency_level = IDEMPOTENT;} (or NO_SIDE_EFFECTS). */
  @Override
  public boolean idempotent() {
    return method.getOptions().getIdempotencyLevel() != DescriptorProtos.MethodOptions.IdempotencyLevel.IDEMPOTENCY_UNKNOWN;
  }

  @Override
  public Object acrossRequestsKey() {
    return read ? new BackendRequest.Key(backend, "GRPC", method.getFullName(), BackendRequest.withoutRequestId(metadata),
        Buffer.buffer(message.toByteArray())) : null;
  }

  @Override
  public Object sharingKey() {
    if (!read) {
      return null;
    }
    return new BackendRequest.Key(backend, "GRPC", method.getFullName(), metadata,
        Buffer.buffer(message.toByteArray()));
  }
}

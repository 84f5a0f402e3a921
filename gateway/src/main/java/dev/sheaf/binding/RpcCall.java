package dev.sheaf.binding;

import com.google.protobuf.Descriptors.MethodDescriptor;
import java.util.List;

/**
 * A compiled gRPC unary call: the method (from the descriptors, so no generated code), the
 * request message as a JSON template in the proto3 JSON mapping, and the answer's selector.
 *
 * @param request null for an empty request message
 * @param read    bound to a query field or an entity (not a mutation)
 */
public record RpcCall(MethodDescriptor method, BodyTemplate request, Selector selector, boolean read)
    implements CallTemplate {

  @Override
  public List<Expression> expressions() {
    return request == null ? List.of() : request.expressions();
  }

  @Override
  public boolean isRead() {
    return read;
  }

  public String fullName() {
    return method.getService().getFullName() + "/" + method.getName();
  }
}

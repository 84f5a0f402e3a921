package dev.sheaf.binding;

import com.google.protobuf.Descriptors.MethodDescriptor;
import java.util.List;

/**
 * A compiled gRPC unary call: the method (from the descriptors, so no generated code), the
 * request message as a JSON template in the proto3 JSON mapping, and the answer's selector.
 *
 * @param request null for an empty request message
 * @param read    bound to a query field or an entity (not a mutation)
 * @param route   the method's full name, e.g. {@code shop.Inventory/GetStock}, made once
 */
public record RpcCall(MethodDescriptor method, BodyTemplate request, Selector selector, boolean read, String route)
    implements CallTemplate {

  public RpcCall(MethodDescriptor method, BodyTemplate request, Selector selector, boolean read) {
    this(method, request, selector, read, method.getService().getFullName() + "/" + method.getName());
  }

  @Override
  public List<Expression> expressions() {
    return request == null ? List.of() : request.expressions();
  }

  @Override
  public boolean isRead() {
    return read;
  }

  public String fullName() {
    return route;
  }
}

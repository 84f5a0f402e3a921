package dev.sheaf.binding;

import java.util.List;

/** A backend call compiled from a binding: a REST request or a gRPC method call. */
public sealed interface CallTemplate permits HttpCall, RpcCall {

  /** Every placeholder the call draws on, for validation. */
  List<Expression> expressions();

  /** Where the field's value is in the answer. */
  Selector selector();

  /** The call as its binding declares it, unrendered: the label metrics count it under. */
  String route();

  /** True when the call only reads: it may be deduplicated within a request and started early. */
  boolean isRead();
}

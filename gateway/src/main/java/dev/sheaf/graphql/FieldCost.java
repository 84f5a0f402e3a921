package dev.sheaf.graphql;

/** What resolving one field costs in backend calls, as its binding says; cheapest first. */
public enum FieldCost {
  /** A value of the parent: no call. */
  NONE,
  /** An entity lookup, batched with the other lookups of its level into one call. */
  BATCH,
  /** One call each time the field resolves (a REST or gRPC binding, a Java resolver). */
  CALL,
  /** One call answering keys, then one batched call for their entities. */
  CALL_THEN_BATCH
}

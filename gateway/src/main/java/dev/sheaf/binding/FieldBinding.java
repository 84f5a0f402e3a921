package dev.sheaf.binding;

import graphql.schema.FieldCoordinates;
import java.util.List;
import java.util.Map;

/** How one schema field gets its value; compiled from a binding file or provided in Java. */
public sealed interface FieldBinding {

  FieldCoordinates coordinates();

  /**
   * A backend call (REST or gRPC) per field.
   *
   * @param notFoundAsNull a 404 answer means "no such thing": the field is null, without an error
   * @param keysOf         when set, the answer is a list of keys of this entity, loaded in one batch
   * @param known          fields of the result known before the call returns (from the arguments):
   *                       child fields that need only these start together with this call
   * @param fallback       what the field resolves to when the backend fails, or null for an error
   * @param invalidates    what a mutation's success makes stale in the answer cache: entity types
   *                       and read calls as bound (e.g. {@code GET /users/{args.id}}); empty for reads
   */
  record Call(FieldCoordinates coordinates, String backend, CallTemplate call, boolean notFoundAsNull,
              String keysOf, Map<String, StringTemplate> known, Fallback fallback, List<String> invalidates)
      implements FieldBinding {

    public Call {
      invalidates = invalidates == null ? List.of() : List.copyOf(invalidates);
    }

    public Call(FieldCoordinates coordinates, String backend, CallTemplate call, boolean notFoundAsNull,
                String keysOf, Map<String, StringTemplate> known) {
      this(coordinates, backend, call, notFoundAsNull, keysOf, known, null, List.of());
    }
  }

  /** A value already in the parent object, under another name or deeper path. */
  record FromSource(FieldCoordinates coordinates, Selector from) implements FieldBinding {
  }

  /** One entity by key, through the entity's batch loader (so N such fields cost one call). */
  record EntityByKey(FieldCoordinates coordinates, String entity, StringTemplate key) implements FieldBinding {
  }

  /** Resolved by a Java {@code dev.sheaf.spi.FieldResolver}. */
  record Java(FieldCoordinates coordinates, String resolverClass) implements FieldBinding {
  }
}

package dev.sheaf.binding;

import graphql.schema.FieldCoordinates;
import java.util.Map;

/** Every backend, field binding and entity binding of the gateway, validated against the schema. */
public record Bindings(Map<String, BackendConfig> backends, Map<FieldCoordinates, FieldBinding> fields,
                       Map<String, EntityBinding> entities) {

  public Bindings {
    backends = Map.copyOf(backends);
    fields = Map.copyOf(fields);
    entities = Map.copyOf(entities);
  }
}

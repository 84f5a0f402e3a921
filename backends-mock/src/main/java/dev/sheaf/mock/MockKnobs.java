package dev.sheaf.mock;

import io.vertx.core.json.JsonObject;

/**
 * How one mock service currently misbehaves, as the {@code /_mock/knobs} admin endpoint shows and
 * patches it. Implementations are immutable: a patch makes new knobs.
 *
 * @param <K> the implementing type
 */
public interface MockKnobs<K extends MockKnobs<K>> {

  JsonObject toJson();

  /** @throws IllegalArgumentException naming the field, on an unknown field or a bad value */
  K withPatch(JsonObject patch);
}

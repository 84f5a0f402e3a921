package dev.sheaf.resolver;

import dev.sheaf.backend.RestBackend;
import dev.sheaf.binding.BackendConfig;
import io.vertx.core.Vertx;
import java.util.LinkedHashMap;
import java.util.Map;

/** The gateway's REST backends by name, each with its own pooled client, created once at start-up. */
public final class Backends implements AutoCloseable {

  private final Map<String, RestBackend> byName;

  public Backends(Vertx vertx, Map<String, BackendConfig> configs) {
    Map<String, RestBackend> map = new LinkedHashMap<>();
    configs.forEach((name, config) -> map.put(name, new RestBackend(vertx, config)));
    this.byName = Map.copyOf(map);
  }

  public RestBackend get(String name) {
    RestBackend backend = byName.get(name);
    if (backend == null) {
      throw new IllegalArgumentException("no backend named '" + name + "'");
    }
    return backend;
  }

  @Override
  public void close() {
    byName.values().forEach(RestBackend::close);
  }
}

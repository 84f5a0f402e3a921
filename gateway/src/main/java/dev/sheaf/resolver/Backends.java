package dev.sheaf.resolver;

import dev.sheaf.backend.RestBackend;
import dev.sheaf.backend.grpc.GrpcBackend;
import dev.sheaf.binding.BackendConfig;
import io.vertx.core.Vertx;
import java.util.LinkedHashMap;
import java.util.Map;

/** The gateway's backends by name, each with its own pooled client, created once at start-up. */
public final class Backends implements AutoCloseable {

  private final Map<String, RestBackend> rest;
  private final Map<String, GrpcBackend> grpc;

  public Backends(Vertx vertx, Map<String, BackendConfig> configs) {
    Map<String, RestBackend> restMap = new LinkedHashMap<>();
    Map<String, GrpcBackend> grpcMap = new LinkedHashMap<>();
    configs.forEach((name, config) -> {
      if (config.isGrpc()) {
        grpcMap.put(name, new GrpcBackend(vertx, config));
      } else {
        restMap.put(name, new RestBackend(vertx, config));
      }
    });
    this.rest = Map.copyOf(restMap);
    this.grpc = Map.copyOf(grpcMap);
  }

  public RestBackend rest(String name) {
    RestBackend backend = rest.get(name);
    if (backend == null) {
      throw new IllegalArgumentException("no REST backend named '" + name + "'");
    }
    return backend;
  }

  public GrpcBackend grpc(String name) {
    GrpcBackend backend = grpc.get(name);
    if (backend == null) {
      throw new IllegalArgumentException("no gRPC backend named '" + name + "'");
    }
    return backend;
  }

  @Override
  public void close() {
    rest.values().forEach(RestBackend::close);
    grpc.values().forEach(GrpcBackend::close);
  }
}

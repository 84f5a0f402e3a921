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
    this(vertx, configs, null);
  }

  /**
   * The backends of a new configuration: a backend declared exactly as in {@code previous} keeps
   * its client, so a reload keeps its pooled connections; the others get new clients.
   */
  public Backends(Vertx vertx, Map<String, BackendConfig> configs, Backends previous) {
    Map<String, RestBackend> restMap = new LinkedHashMap<>();
    Map<String, GrpcBackend> grpcMap = new LinkedHashMap<>();
    configs.forEach((name, config) -> {
      if (config.isGrpc()) {
        GrpcBackend same = previous == null ? null : previous.grpc.get(name);
        grpcMap.put(name, same != null && same.config().equals(config) ? same : new GrpcBackend(vertx, config));
      } else {
        RestBackend same = previous == null ? null : previous.rest.get(name);
        restMap.put(name, same != null && same.config().equals(config) ? same : new RestBackend(vertx, config));
      }
    });
    this.rest = Map.copyOf(restMap);
    this.grpc = Map.copyOf(grpcMap);
  }

  /** Whether this backend's client is the very one {@code other} uses (kept across a reload). */
  public boolean sharesClient(String name, Backends other) {
    return rest.containsKey(name) ? rest.get(name) == other.rest.get(name) : grpc.get(name) == other.grpc.get(name);
  }

  /** Closes the clients that {@code successor} does not use; it keeps the others. */
  public void closeUnusedBy(Backends successor) {
    rest.forEach((name, backend) -> {
      if (successor.rest.get(name) != backend) {
        backend.close();
      }
    });
    grpc.forEach((name, backend) -> {
      if (successor.grpc.get(name) != backend) {
        backend.close();
      }
    });
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

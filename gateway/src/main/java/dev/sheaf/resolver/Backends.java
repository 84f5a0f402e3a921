package dev.sheaf.resolver;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sheaf.backend.RestBackend;
import dev.sheaf.backend.grpc.GrpcBackend;
import dev.sheaf.backend.grpc.ProtoJson;
import dev.sheaf.binding.BackendConfig;
import dev.sheaf.cache.AnswerCache;
import dev.sheaf.pipeline.BackendHandler;
import dev.sheaf.pipeline.CallCache;
import dev.sheaf.pipeline.CallMetrics;
import dev.sheaf.pipeline.CallPipeline;
import io.opentelemetry.api.OpenTelemetry;
import dev.sheaf.pipeline.GrpcTransport;
import dev.sheaf.pipeline.RestTransport;
import dev.sheaf.tls.TlsMaterial;
import io.vertx.core.Vertx;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The gateway's backends by name, each with its own pooled client and its call pipeline, both
 * created once per configuration; a reload keeps both for a backend it did not change, so its
 * circuit breaker keeps its state and its bulkhead its count of calls in flight.
 */
public final class Backends implements AutoCloseable {

  private final Map<String, RestBackend> rest;
  private final Map<String, GrpcBackend> grpc;
  private final Map<String, BackendHandler> pipelines;
  private final Map<String, BackendConfig> configs;
  private final AnswerCache cache;
  private final boolean rehearsal;
  private final CallMetrics metrics;

  public Backends(Vertx vertx, Map<String, BackendConfig> configs) {
    this(vertx, configs, (Backends) null, CallMetrics.OFF);
  }

  /**
   * The backends of a new configuration: a backend declared exactly as in {@code previous} keeps
   * its client and pipeline, so a reload keeps its pooled connections; the others get new ones.
   *
   * @param metrics the gateway's metrics, the same for every configuration it loads
   */
  public Backends(Vertx vertx, Map<String, BackendConfig> configs, Backends previous, CallMetrics metrics) {
    this(vertx, configs, previous, metrics, null);
  }

  /** @param tracing the gateway's tracing, the same for every configuration it loads; null when off */
  public Backends(Vertx vertx, Map<String, BackendConfig> configs, Backends previous, CallMetrics metrics,
                  OpenTelemetry tracing) {
    this(vertx, configs, previous, metrics, tracing, null);
  }

  /**
   * @param tracing the gateway's tracing, the same for every configuration it loads; null when off
   * @param cache   the gateway's answer cache, the same for every configuration it loads, or null when
   *                it is off; a backend whose declaration changed loses the answers it had given
   */
  public Backends(Vertx vertx, Map<String, BackendConfig> configs, Backends previous, CallMetrics metrics,
                  OpenTelemetry tracing, AnswerCache cache) {
    this.cache = cache;
    this.rehearsal = false;
    this.metrics = metrics;
    this.configs = Map.copyOf(configs);
    CallCache layers = cache == null ? CallCache.OFF : cache;
    ObjectMapper json = new ObjectMapper();
    ProtoJson protoJson = new ProtoJson(json);
    Map<String, RestBackend> restMap = new LinkedHashMap<>();
    Map<String, GrpcBackend> grpcMap = new LinkedHashMap<>();
    Map<String, BackendHandler> pipelineMap = new LinkedHashMap<>();
    configs.forEach((name, config) -> {
      if (cache != null && previous != null && previous.pipelines.containsKey(name)
          && !previous.config(name).equals(config)) {
        cache.forgetBackend(name);
      }
      if (config.isGrpc()) {
        GrpcBackend same = previous == null ? null : previous.grpc.get(name);
        boolean reuse = same != null && same.config().equals(config);
        GrpcBackend backend = reuse ? same : new GrpcBackend(vertx, config);
        grpcMap.put(name, backend);
        pipelineMap.put(name, reuse ? previous.pipelines.get(name)
            : CallPipeline.compose(vertx, config, new GrpcTransport(backend, protoJson), metrics, tracing, layers));
      } else {
        RestBackend same = previous == null ? null : previous.rest.get(name);
        boolean reuse = same != null && same.config().equals(config);
        RestBackend backend = reuse ? same : new RestBackend(vertx, config);
        restMap.put(name, backend);
        pipelineMap.put(name, reuse ? previous.pipelines.get(name)
            : CallPipeline.compose(vertx, config, new RestTransport(backend, json), metrics, tracing, layers));
      }
    });
    this.rest = Map.copyOf(restMap);
    this.grpc = Map.copyOf(grpcMap);
    this.pipelines = Map.copyOf(pipelineMap);
  }

  /**
   * The backends of a warm-up: every call goes down a pipeline of its own (breaker, bulkhead, retry
   * budget of their own, no metrics, no tracing, no answer cache) to {@code transport}, which answers it
   * with made-up values (the warm-up's loopback servers). No client of a backend is made, so nothing can
   * reach a backend, and nothing users' requests see changes.
   *
   * @param transport the answering transport of each backend
   */
  public static Backends rehearsal(Vertx vertx, Map<String, BackendConfig> configs,
                                   java.util.function.Function<BackendConfig, BackendHandler> transport) {
    return new Backends(vertx, configs, transport, CallMetrics.OFF);
  }

  /**
   * As {@link #rehearsal(Vertx, Map, java.util.function.Function)}, with a metrics layer counting into
   * {@code metrics}: a registry of the warm-up's own, so the layer's code is compiled and no user sees its counts.
   */
  public static Backends rehearsal(Vertx vertx, Map<String, BackendConfig> configs,
                                   java.util.function.Function<BackendConfig, BackendHandler> transport,
                                   CallMetrics metrics) {
    return new Backends(vertx, configs, transport, metrics);
  }

  private Backends(Vertx vertx, Map<String, BackendConfig> configs,
                   java.util.function.Function<BackendConfig, BackendHandler> transport, CallMetrics metrics) {
    this.cache = null;
    this.rehearsal = true;
    this.metrics = metrics;
    this.configs = Map.copyOf(configs);
    this.rest = Map.of();
    this.grpc = Map.of();
    Map<String, BackendHandler> pipelineMap = new LinkedHashMap<>();
    configs.forEach((name, config) -> pipelineMap.put(name,
        CallPipeline.compose(vertx, config, transport.apply(config), metrics, null, CallCache.OFF)));
    this.pipelines = Map.copyOf(pipelineMap);
  }

  /** Whether these are a warm-up's backends, whose answers are made up: never remembered as real ones. */
  public boolean rehearsal() {
    return rehearsal;
  }

  BackendConfig config(String name) {
    BackendConfig config = configs.get(name);
    if (config == null) {
      throw new IllegalArgumentException("no backend named '" + name + "'");
    }
    return config;
  }

  /** The settings of a REST backend; refuses a gRPC one, as {@link #rest} does. */
  BackendConfig restConfig(String name) {
    BackendConfig config = config(name);
    if (config.isGrpc()) {
      throw new IllegalArgumentException("no REST backend named '" + name + "'");
    }
    return config;
  }

  /** The settings of a gRPC backend; refuses a REST one, as {@link #grpc} does. */
  BackendConfig grpcConfig(String name) {
    BackendConfig config = config(name);
    if (!config.isGrpc()) {
      throw new IllegalArgumentException("no gRPC backend named '" + name + "'");
    }
    return config;
  }

  /** The answer cache of the backend, or null when its answers are not cached. */
  public AnswerCache cacheOf(String name) {
    return cache == null || config(name).cache() == null ? null : cache;
  }

  /** The gateway's answer cache, or null when it is off. */
  public AnswerCache cache() {
    return cache;
  }

  /**
   * Points the certificate expiry gauges at these backends' certificates; called when this
   * configuration starts serving, so the gauges never show files a refused reload read.
   */
  public void reportCertificates(CallMetrics metrics) {
    configs.forEach((name, config) -> {
      TlsMaterial tls = config.connection().tls();
      if (tls != null) {
        tls.clientCertificate().ifPresent(c -> metrics.certificateExpiry(name, "client", c.getNotAfter().toInstant()));
        tls.firstExpiringAuthority().ifPresent(c -> metrics.certificateExpiry(name, "ca", c.getNotAfter().toInstant()));
      }
    });
  }

  /** Whether this backend's client is the very one {@code other} uses (kept across a reload). */
  public boolean sharesClient(String name, Backends other) {
    return rest.containsKey(name) ? rest.get(name) == other.rest.get(name) : grpc.get(name) == other.grpc.get(name);
  }

  /** Whether this backend's pipeline is the very one {@code other} uses (kept across a reload). */
  public boolean sharesPipeline(String name, Backends other) {
    return pipelines.get(name) == other.pipelines.get(name);
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

  /** Where every call to the backend goes: its layers, then its transport. */
  public BackendHandler pipeline(String name) {
    BackendHandler pipeline = pipelines.get(name);
    if (pipeline == null) {
      throw new IllegalArgumentException("no backend named '" + name + "'");
    }
    return pipeline;
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

  /** Counts a field a declared fallback served when {@code backend} failed ({@code kind}: value or stale). */
  public void countFallback(String backend, String field, String kind) {
    metrics.fallbackServed(backend, field, kind);
  }
}

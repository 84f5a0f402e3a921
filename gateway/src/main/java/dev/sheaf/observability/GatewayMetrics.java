package dev.sheaf.observability;

import dev.sheaf.config.InsightConfig;
import dev.sheaf.pipeline.CallMetrics;
import dev.sheaf.pipeline.Layer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;

/**
 * The metrics of one gateway: its own registry (never a global one: several gateways may share a
 * JVM, as in tests), kept across reloads so every series goes on when the configuration changes.
 */
public final class GatewayMetrics implements CallMetrics, AutoCloseable {

  /** What {@code GET /metrics} answers with: the Prometheus text format. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
  static final String CIRCUIT_STATE = "sheaf.backend.circuit.state";
  static final String CERTIFICATE_EXPIRY = "sheaf.backend.certificate.expiry";
  static final String DEDUPLICATED = "sheaf.backend.calls.deduplicated";
  static final String FALLBACKS = "sheaf.fallbacks.served";

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private final Map<String, BackendCallMetrics> backends = new ConcurrentHashMap<>();
  private final Map<String, AtomicReference<IntSupplier>> circuits = new ConcurrentHashMap<>();
  private final Map<String, AtomicReference<Instant>> expiries = new ConcurrentHashMap<>();
  private final ClientRequestMetrics clientRequests;

  public GatewayMetrics() {
    this(InsightConfig.defaults().maxOperationNames());
  }

  /** @param operationNames how many distinct operation names client requests are labelled by */
  public GatewayMetrics(int operationNames) {
    this(operationNames, true);
  }

  /**
   * Client-request and backend-call meters only, no JVM or process meters: a warm-up's registry of its
   * own, which nobody scrapes and which is dropped when the warm-up ends.
   */
  public static GatewayMetrics requestsAndCallsOnly() {
    return new GatewayMetrics(InsightConfig.defaults().maxOperationNames(), false);
  }

  private GatewayMetrics(int operationNames, boolean jvmMeters) {
    this.clientRequests = new ClientRequestMetrics(registry, new OperationNames(operationNames));
    if (!jvmMeters) {
      return;
    }
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    loadClassesNow();
  }

  /**
   * Makes, records into and renders one histogram, then drops it: the histogram and exposition
   * classes load here, at start-up, not on an event loop in the middle of the first requests
   * (measured: enough to push a cold gateway's first burst past a 300 ms backend timeout).
   */
  private void loadClassesNow() {
    Timer probe = LatencyBuckets.apply(Timer.builder("sheaf.start.probe")).register(registry);
    probe.record(1, TimeUnit.MILLISECONDS);
    registry.scrape();
    registry.remove(probe);
  }

  /** One layer per backend name, the same in every configuration, so its series and gauge go on. */
  @Override
  public Layer layer(String backend) {
    return backends.computeIfAbsent(backend, name -> new BackendCallMetrics(registry, name));
  }

  /** {@code sheaf_backend_calls_deduplicated_total{backend}}: reads a request shared instead of making again. */
  @Override
  public Runnable sharedReads(String backend) {
    return registry.counter(DEDUPLICATED, "backend", backend)::increment;
  }

  /**
   * The gauge {@code sheaf_backend_circuit_state{backend}} reads the newest breaker of the backend:
   * registered once, pointed at the new breaker when a reload builds one.
   */
  @Override
  public void circuitState(String backend, IntSupplier state) {
    circuits.computeIfAbsent(backend, name -> {
      AtomicReference<IntSupplier> current = new AtomicReference<>(state);
      Gauge.builder(CIRCUIT_STATE, current, c -> c.get().getAsInt()).tag("backend", name)
          .description("The backend's circuit: 0 closed, 1 open, 2 half-open").strongReference(true)
          .register(registry);
      return current;
    }).set(state);
  }

  /**
   * The gauge {@code sheaf_backend_certificate_expiry_seconds{backend, certificate}}: seconds until
   * the backend's client certificate (or its first-expiring configured CA) expires, negative once it
   * has; registered once, pointed at the newest date when a reload reads rotated files.
   */
  @Override
  public void certificateExpiry(String backend, String certificate, Instant notAfter) {
    expiries.computeIfAbsent(backend + "/" + certificate, key -> {
      AtomicReference<Instant> current = new AtomicReference<>(notAfter);
      Gauge.builder(CERTIFICATE_EXPIRY, current, c -> Duration.between(Instant.now(), c.get()).toSeconds())
          .tags("backend", backend, "certificate", certificate).baseUnit("seconds")
          .description("Seconds until the backend's configured certificate expires").strongReference(true)
          .register(registry);
      return current;
    }).set(notAfter);
  }

  /** {@code sheaf_backend_retries_total{backend, kind}}: a retry or a hedge the backend was sent. */
  @Override
  public Runnable extraAttempts(String backend, String kind) {
    return registry.counter("sheaf.backend.retries", "backend", backend, "kind", kind)::increment;
  }

  /** {@code sheaf_fallbacks_served_total{backend, field, kind}}: fields a declared fallback served. */
  @Override
  public void fallbackServed(String backend, String field, String kind) {
    Counter.builder(FALLBACKS).tags("backend", backend, "field", field, "kind", kind)
        .description("Fields served by their declared fallback because their backend failed")
        .register(registry).increment(); // rare: only when a backend fails
  }

  /**
   * {@code sheaf_client_requests_in_flight} and {@code sheaf_client_requests_adaptive_limit}: read from the
   * gateway's load, one for its life like this registry.
   */
  public void watchInFlight(IntSupplier inFlight, IntSupplier adaptiveLimit) {
    Gauge.builder("sheaf.client.requests.in.flight", inFlight, IntSupplier::getAsInt).strongReference(true)
        .description("Client requests being served now (the shedding limit counts these)").register(registry);
    Gauge.builder("sheaf.client.requests.adaptive.limit", adaptiveLimit, IntSupplier::getAsInt).strongReference(true)
        .description("Client requests the adaptive limit lets in flight now (when shedding.adaptive is on)")
        .register(registry);
  }

  /** What counts a client request refused at the door: {@code sheaf_client_requests_shed_total{reason}}. */
  public Runnable shed(String reason) {
    return Counter.builder("sheaf.client.requests.shed").tag("reason", reason)
        .description("Client requests refused with 503 at the door").register(registry)::increment;
  }

  /** Counts a reload attempt by its outcome ({@code sheaf_config_reloads_total{outcome}}). */
  public void reload(String outcome) {
    registry.counter("sheaf.config.reloads", "outcome", outcome).increment();
  }

  /** The router handler that times client requests. */
  public ClientRequestMetrics clientRequests() {
    return clientRequests;
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** Every series in the Prometheus text format; not cheap, so never on an event loop. */
  public String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}

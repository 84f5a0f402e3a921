package dev.sheaf.perf.bench;

import dev.sheaf.backend.BackendRequest;
import dev.sheaf.backend.Deadline;
import dev.sheaf.binding.BackendConfig;
import dev.sheaf.observability.GatewayMetrics;
import dev.sheaf.pipeline.BackendCall;
import dev.sheaf.pipeline.BackendHandler;
import dev.sheaf.pipeline.CallCache;
import dev.sheaf.pipeline.CallPipeline;
import dev.sheaf.pipeline.CallRecords;
import dev.sheaf.pipeline.Served;
import dev.sheaf.pipeline.RequestCalls;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.vertx.core.Future;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What a backend call's pipeline costs on top of its transport, with and without the metrics
 * layer, and the whole default stack (metrics, circuit breaker and bulkhead, as a binding without
 * resilience settings gets it): the transport here answers at once, so the figures are the layers' own work (a call
 * object, the dedupe check, and with metrics two map reads, a clock read each way and a
 * histogram update). A home screen makes five backend calls.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CallPipelineBench {

  private static final String ROUTE = "POST /users/{args.id}/orders";
  private static final Object FIELD = graphql.execution.ResultPath.parse("/user/orders");

  private GatewayMetrics metrics;
  private BackendHandler bare;
  private BackendHandler measured;
  private BackendHandler defaults;
  private BackendHandler traced;
  private OpenTelemetrySdk tracing;
  private RequestCalls client;
  private RequestCalls tracedClient;
  private BackendRequest request;

  @Setup
  public void setup() {
    Future<Object> answer = Future.succeededFuture(Map.of("id", "42"));
    BackendHandler transport = call -> answer;
    metrics = new GatewayMetrics();
    bare = CallPipeline.compose(transport, null);
    measured = CallPipeline.compose(transport, metrics.layer("orders"));
    BackendConfig orders = new BackendConfig("orders", URI.create("http://127.0.0.1:1"), null, Duration.ofSeconds(1),
        BackendConfig.DEFAULT_POOL, List.of(), false, Map.of(), BackendConfig.DEFAULT_MAX_RESPONSE_BYTES);
    defaults = CallPipeline.compose(orders, transport, metrics);
    client = new RequestCalls(Deadline.after(Duration.ofSeconds(10)), "bench");
    // Tracing as the gateway sets it up, every span sampled, exported in batches from the processor's
    // thread (to nowhere: the export itself is off the event loop and not what is measured here).
    tracing = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder()
            .addSpanProcessor(BatchSpanProcessor.builder(SpanExporter.composite()).build()).build())
        .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
        .build();
    traced = CallPipeline.compose(null, orders, transport, metrics, tracing, CallCache.OFF);
    Span home = tracing.getTracer("bench").spanBuilder("query Home").startSpan();
    tracedClient = new RequestCalls(Deadline.after(Duration.ofSeconds(10)), "bench", Context.root().with(home), null);
    // A write: never shared, so every call goes all the way down.
    request = new BackendRequest("orders", "POST", "/users/42/orders", Map.of("x-request-id", "bench"), null);
  }

  @TearDown
  public void tearDown() {
    metrics.close();
    tracing.close();
  }

  @Benchmark
  public Future<Object> withoutMetrics() {
    return bare.handle(new BackendCall("orders", ROUTE, request, client));
  }

  @Benchmark
  public Future<Object> withMetrics() {
    return measured.handle(new BackendCall("orders", ROUTE, request, client));
  }

  @Benchmark
  public Future<Object> withMetricsBreakerAndBulkhead() {
    return defaults.handle(new BackendCall("orders", ROUTE, request, client));
  }

  /** The default stack with tracing on: a sampled client span and a traceparent header per call. */
  @Benchmark
  public Future<Object> withMetricsTracingBreakerAndBulkhead() {
    return traced.handle(new BackendCall("orders", ROUTE, request, tracedClient));
  }

  /** A home screen's five calls for one request, through the default stack, nobody recording them. */
  @Benchmark
  public Future<Object> homeScreenUnrecorded() {
    RequestCalls home = new RequestCalls(client.deadline(), "bench");
    return fiveCalls(home);
  }

  /** The same, with the request's record of its calls (what its waterfall, access log line and Server-Timing read). */
  @Benchmark
  public Future<Object> homeScreenRecorded() {
    RequestCalls home = new RequestCalls(client.deadline(), "bench", Context.root(), new CallRecords(System.nanoTime()));
    return fiveCalls(home);
  }

  private Future<Object> fiveCalls(RequestCalls home) {
    Future<Object> last = null;
    for (int i = 0; i < 5; i++) {
      last = defaults.handle(new BackendCall("orders", ROUTE, request, home, Served.field(FIELD)));
    }
    return last;
  }
}

package dev.sheaf.perf.bench;

import dev.sheaf.backend.BackendRequest;
import dev.sheaf.backend.Deadline;
import dev.sheaf.binding.BackendConfig;
import dev.sheaf.config.TracingConfig;
import dev.sheaf.observability.GatewayMetrics;
import dev.sheaf.observability.GatewayTracing;
import dev.sheaf.pipeline.BackendCall;
import dev.sheaf.pipeline.BackendHandler;
import dev.sheaf.pipeline.CallCache;
import dev.sheaf.pipeline.CallPipeline;
import dev.sheaf.pipeline.RequestCalls;
import dev.sheaf.pipeline.Served;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What tracing at 100 % sampling costs a home-screen-shaped request: its server span and five backend
 * calls through the default stack (metrics, breaker, bulkhead) with the tracing layer, against the same
 * request untraced. The tracing is the gateway's own ({@link GatewayTracing}), exporting over OTLP/HTTP to
 * a receiver in this JVM that discards what it gets; the export runs on the SDK's thread, so the first two
 * figures are the event loop's share. {@code exportBatch} is the exporter thread's share: one batch of
 * such spans marshalled and posted, per span, with and without gzip.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TracingBench {

  private static final String ROUTE = "GET /users/{args.id}/orders";
  private static final Object FIELD = graphql.execution.ResultPath.parse("/user/orders");
  private static final int BATCH = 512;
  private static final BackendConfig ORDERS = new BackendConfig("orders", URI.create("http://127.0.0.1:1"), null,
      Duration.ofSeconds(1), BackendConfig.DEFAULT_POOL, List.of(), false, Map.of(), BackendConfig.DEFAULT_MAX_RESPONSE_BYTES);
  private static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
  private static final AttributeKey<String> PATH = AttributeKey.stringKey("url.path");
  private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("graphql.operation.name");

  private Vertx vertx;
  private GatewayMetrics metrics;
  private GatewayTracing tracing;
  private Tracer tracer;
  private BackendHandler untraced;
  private BackendHandler traced;
  private Deadline deadline;
  private BackendRequest[] requests;
  private URI endpoint;
  private List<SpanData> spans;

  @Setup
  public void setup() throws Exception {
    vertx = Vertx.vertx();
    HttpServer receiver = vertx.createHttpServer()
        .requestHandler(request -> request.body().onComplete(body -> request.response()
            .putHeader("content-type", "application/x-protobuf").end()))
        .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
    endpoint = URI.create("http://127.0.0.1:" + receiver.actualPort() + "/v1/traces");
    metrics = new GatewayMetrics();
    tracing = GatewayTracing.start(new TracingConfig(endpoint, 1.0, TracingConfig.Parents.TRUST,
        TracingConfig.DEFAULT_QUEUE_SIZE), metrics.registry());
    tracer = tracing.api().getTracer("bench");
    Future<Object> answer = Future.succeededFuture(Map.of("id", "42"));
    BackendHandler transport = call -> answer;
    untraced = CallPipeline.compose(null, ORDERS, transport, metrics, null, CallCache.OFF);
    traced = CallPipeline.compose(null, ORDERS, transport, metrics, tracing.api(), CallCache.OFF);
    deadline = Deadline.after(Duration.ofSeconds(10));
    // Five distinct reads, as a home screen makes: none is shared, so each goes all the way down.
    requests = new BackendRequest[5];
    for (int i = 0; i < requests.length; i++) {
      requests[i] = new BackendRequest("orders", "GET", "/users/" + i + "/orders", Map.of("x-request-id", "bench"), null);
    }
    spans = recordedSpans();
  }

  /** A batch of the spans {@link #traced} requests make, as the batch processor hands them to the exporter. */
  private List<SpanData> recordedSpans() {
    List<SpanData> spans = new ArrayList<>();
    SpanExporter keep = new SpanExporter() {
      @Override
      public CompletableResultCode export(Collection<SpanData> ended) {
        spans.addAll(ended);
        return CompletableResultCode.ofSuccess();
      }

      @Override
      public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
      }

      @Override
      public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
      }
    };
    try (SdkTracerProvider recording = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(keep)).build()) {
      BackendHandler recorded = CallPipeline.compose(null, ORDERS, call -> Future.succeededFuture(Map.of()), metrics,
          io.opentelemetry.sdk.OpenTelemetrySdk.builder().setTracerProvider(recording).build(), CallCache.OFF);
      while (spans.size() < BATCH) {
        request(recording.get("bench"), recorded);
      }
    }
    return spans.subList(0, BATCH);
  }

  @TearDown
  public void tearDown() {
    tracing.close();
    metrics.close();
    vertx.close();
  }

  /** The home screen's five calls, tracing off. */
  @Benchmark
  public Future<Object> homeUntraced() {
    return fiveCalls(new RequestCalls(deadline, "bench"), untraced);
  }

  /** The same request traced: its server span (as RequestTracing and OperationTracing make it) and a span per call. */
  @Benchmark
  public Future<Object> homeTraced() {
    return request(tracer, traced);
  }

  private Future<Object> request(Tracer tracer, BackendHandler stack) {
    Span server = tracer.spanBuilder("POST /graphql").setParent(Context.root()).setSpanKind(SpanKind.SERVER)
        .setAttribute(METHOD, "POST").setAttribute(PATH, "/graphql").startSpan();
    server.setAttribute(OPERATION, "HomeScreen");
    server.updateName("query HomeScreen");
    Future<Object> last = fiveCalls(new RequestCalls(deadline, "bench", Context.root().with(server), null), stack);
    server.setAttribute(AttributeKey.longKey("http.response.status_code"), 200L);
    server.end();
    return last;
  }

  private Future<Object> fiveCalls(RequestCalls client, BackendHandler stack) {
    Future<Object> last = null;
    for (BackendRequest request : requests) {
      last = stack.handle(new BackendCall("orders", ROUTE, request, client, Served.field(FIELD)));
    }
    return last;
  }

  /** An exporter as the gateway builds it, with the settings measured here. */
  @State(Scope.Benchmark)
  public static class Export {

    @Param({"none", "gzip"})
    public String compression;

    @Param({"REUSABLE_DATA", "IMMUTABLE_DATA"})
    public MemoryMode memoryMode;

    private OtlpHttpSpanExporter exporter;
    private List<SpanData> batch;

    @Setup
    public void setup(TracingBench bench) {
      exporter = OtlpHttpSpanExporter.builder().setEndpoint(bench.endpoint.toString()).setCompression(compression)
          .setMemoryMode(memoryMode).build();
      batch = bench.spans;
    }

    @TearDown
    public void tearDown() {
      exporter.close();
    }
  }

  /** The exporter thread's work per span: a batch marshalled to OTLP protobuf and posted to the receiver. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public CompletableResultCode exportBatch(Export export) {
    return export.exporter.export(export.batch).join(10, TimeUnit.SECONDS);
  }
}

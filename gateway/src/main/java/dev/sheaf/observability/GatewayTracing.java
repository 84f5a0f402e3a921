package dev.sheaf.observability;

import dev.sheaf.config.TracingConfig;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.time.Duration;

/**
 * The gateway's tracing: one OpenTelemetry SDK for its life (never the global one: several gateways
 * may share a JVM, as in tests). Ended spans wait in the batch processor's bounded queue and go out
 * as OTLP/HTTP protobuf from its own thread, so the event loops never wait for the collector; spans
 * that find the queue full are dropped and counted in {@code sheaf_tracing_spans_dropped_total}.
 */
public final class GatewayTracing implements AutoCloseable {

  static final String DROPPED = "sheaf.tracing.spans.dropped";
  /** The most spans in one export request: about 250 KB of protobuf, well under what collectors accept. */
  private static final int MAX_BATCH = 1024;
  private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

  private final OpenTelemetrySdk sdk;
  private final SdkMeterProvider selfMetrics;

  private GatewayTracing(OpenTelemetrySdk sdk, SdkMeterProvider selfMetrics) {
    this.sdk = sdk;
    this.selfMetrics = selfMetrics;
  }

  /** The tracing of {@code config}, or null when it is off (no endpoint). */
  public static GatewayTracing start(TracingConfig config, MeterRegistry registry) {
    if (!config.enabled()) {
      return null;
    }
    OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder()
        .setEndpoint(config.endpoint().toString())
        .setTimeout(Duration.ofSeconds(10))
        .build();
    // The batch processor counts what it drops in OpenTelemetry metrics; read on each Prometheus scrape.
    SpanDrops drops = new SpanDrops();
    SdkMeterProvider selfMetrics = SdkMeterProvider.builder().registerMetricReader(drops).build();
    // Batches of half the queue, at most 1,024 spans (the SDK's default is 512): each export has a fixed
    // cost on the exporter's threads (an HTTP exchange through code that runs a few times a second), and
    // half as many exports took about 30 % less exporter CPU per span at 100 % sampling (perf/RESULTS-tracing.md);
    // the other half of the queue still takes the spans ended while one batch is out.
    BatchSpanProcessor batches = BatchSpanProcessor.builder(exporter)
        .setMaxQueueSize(config.queueSize())
        .setMaxExportBatchSize(Math.min(MAX_BATCH, Math.max(1, config.queueSize() / 2)))
        .setMeterProvider(selfMetrics)
        .build();
    SdkTracerProvider tracer = SdkTracerProvider.builder()
        .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(SERVICE_NAME, "sheaf"))))
        // A client's sampled flag is kept (when its trace is trusted); new traces are sampled at the ratio.
        .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(config.sampleRatio())))
        .addSpanProcessor(batches)
        .build();
    OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
        .setTracerProvider(tracer)
        .setPropagators(ContextPropagators.create(TextMapPropagator.composite(
            W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance())))
        .build();
    FunctionCounter.builder(DROPPED, drops, SpanDrops::dropped)
        .description("Spans dropped because the export queue (tracing.queueSize) was full")
        .register(registry);
    return new GatewayTracing(sdk, selfMetrics);
  }

  public OpenTelemetry api() {
    return sdk;
  }

  /** Exports what is queued, from the SDK's own threads; returns at once, never waiting for the collector. */
  @Override
  public void close() {
    sdk.shutdown();
    selfMetrics.shutdown();
  }
}

package dev.sheaf.observability;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.metrics.export.CollectionRegistration;
import io.opentelemetry.sdk.metrics.export.MetricReader;

/**
 * Reads, when asked, how many spans the batch span processor dropped: its own counter
 * ({@code processedSpans{dropped=true}}), so the count is the processor's, not a guess beside it.
 */
final class SpanDrops implements MetricReader {

  private static final String PROCESSED = "processedSpans";
  private static final AttributeKey<Boolean> DROPPED = AttributeKey.booleanKey("dropped");

  private volatile CollectionRegistration registration = CollectionRegistration.noop();

  @Override
  public void register(CollectionRegistration registration) {
    this.registration = registration;
  }

  double dropped() {
    long dropped = 0;
    for (MetricData metric : registration.collectAllMetrics()) {
      if (!metric.getName().equals(PROCESSED) || metric.getType() != MetricDataType.LONG_SUM) {
        continue;
      }
      for (LongPointData point : metric.getLongSumData().getPoints()) {
        if (Boolean.TRUE.equals(point.getAttributes().get(DROPPED))) {
          dropped += point.getValue();
        }
      }
    }
    return dropped;
  }

  @Override
  public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
    return AggregationTemporality.CUMULATIVE;
  }

  @Override
  public CompletableResultCode forceFlush() {
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode shutdown() {
    return CompletableResultCode.ofSuccess();
  }
}

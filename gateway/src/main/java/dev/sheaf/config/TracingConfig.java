package dev.sheaf.config;

import java.net.URI;
import java.util.Locale;

/**
 * Where and how much the gateway traces. Off (no span made, no header sent) until an endpoint is set.
 *
 * @param endpoint    the OTLP/HTTP traces URL, e.g. {@code http://collector:4318/v1/traces}; null: tracing off
 * @param sampleRatio the share of new traces recorded, 0..1; a trusted client's sampling decision is kept
 * @param parents     whether a client's {@code traceparent}, {@code tracestate} and {@code baggage} are continued
 * @param queueSize   spans waiting for export at most; more are dropped and counted
 */
public record TracingConfig(URI endpoint, double sampleRatio, Parents parents, int queueSize) {

  public static final int DEFAULT_QUEUE_SIZE = 2048;
  /** The path an OTLP/HTTP collector takes traces on, added to an endpoint given without a path. */
  static final String TRACES_PATH = "/v1/traces";

  public static TracingConfig defaults() {
    return new TracingConfig(null, 1.0, Parents.TRUST, DEFAULT_QUEUE_SIZE);
  }

  public boolean enabled() {
    return endpoint != null;
  }

  /** What the gateway does with a client's trace context. */
  public enum Parents {
    /** Continue the client's trace: its spans become the parents of the gateway's. */
    TRUST,
    /** Start a new trace for every request (a public gateway whose callers should not steer sampling). */
    IGNORE;

    static Parents parse(String text, String where) {
      String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
      return switch (t) {
        case "trust" -> TRUST;
        case "ignore" -> IGNORE;
        default -> throw new ConfigException(where + ": '" + text + "' is not a propagation mode; write trust "
            + "(continue the client's traceparent) or ignore (start a new trace)");
      };
    }
  }

  static URI endpoint(String text, String where) {
    URI uri;
    try {
      uri = URI.create(text.trim());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(where + ": '" + text + "' is not a URL; write e.g. http://localhost:4318/v1/traces");
    }
    if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
      throw new ConfigException(where + ": '" + text + "' is not an http(s) URL; write e.g. "
          + "http://localhost:4318/v1/traces (OTLP over HTTP/protobuf)");
    }
    String path = uri.getPath();
    return path == null || path.isEmpty() || path.equals("/") ? uri.resolve(TRACES_PATH) : uri;
  }

  static double ratio(String text, String where) {
    double ratio;
    try {
      ratio = Double.parseDouble(text.trim());
    } catch (NumberFormatException e) {
      ratio = Double.NaN;
    }
    if (!(ratio >= 0 && ratio <= 1)) {
      throw new ConfigException(where + ": '" + text + "' is not a ratio; write a number from 0 to 1, e.g. 0.1 "
          + "for a tenth");
    }
    return ratio;
  }
}

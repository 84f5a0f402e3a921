package dev.sheaf.observability;

import dev.sheaf.config.TracingConfig;
import dev.sheaf.logging.LogContext;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;

/**
 * One server span per client request (GraphQL or a REST endpoint), the parent of its parse,
 * validation and backend-call spans. A client's {@code traceparent} (with {@code tracestate} and
 * {@code baggage}) is continued when {@code tracing.propagation} trusts it. The span is named by
 * the operation once it is known ({@code query HomeScreen}), else by the method and route.
 */
public final class RequestTracing implements Handler<RoutingContext> {

  /** Where the request's span, in its context, is kept on the routing context. */
  public static final String KEY = "sheaf.trace";

  static final AttributeKey<String> HTTP_METHOD = AttributeKey.stringKey("http.request.method");
  static final AttributeKey<String> HTTP_ROUTE = AttributeKey.stringKey("http.route");
  static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");
  static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");

  private static final TextMapGetter<HttpServerRequest> HEADERS = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(HttpServerRequest request) {
      return request.headers().names();
    }

    @Override
    public String get(HttpServerRequest request, String name) {
      return request == null ? null : request.getHeader(name);
    }
  };

  private static final String GRAPHQL = "/graphql";
  private static final String POST_GRAPHQL = "POST " + GRAPHQL;

  private final Tracer tracer;
  private final TextMapPropagator propagator;
  private final boolean trustClients;

  public RequestTracing(OpenTelemetry telemetry, TracingConfig config) {
    this.tracer = telemetry.getTracer("dev.sheaf");
    this.propagator = telemetry.getPropagators().getTextMapPropagator();
    this.trustClients = config.parents() == TracingConfig.Parents.TRUST;
  }

  // The name until the operation is known; the usual one is a constant, not a string made per request.
  private static String spanName(String method, String path) {
    if (!path.equals(GRAPHQL)) {
      return method;
    }
    return method.equals("POST") ? POST_GRAPHQL : method + " " + GRAPHQL;
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    String path = request.path();
    if (path == null || ClientRequestMetrics.isProbe(path)) {
      ctx.next();
      return;
    }
    Context parent = trustClients ? propagator.extract(Context.root(), request, HEADERS) : Context.root();
    String method = request.method().name();
    Span span = tracer.spanBuilder(spanName(method, path))
        .setParent(parent)
        .setSpanKind(SpanKind.SERVER)
        .setAttribute(HTTP_METHOD, method)
        .setAttribute(URL_PATH, path)
        .startSpan();
    ctx.put(KEY, parent.with(span));
    SpanContext ids = span.getSpanContext();
    LogContext.trace(ids.getTraceId(), ids.getSpanId());
    ctx.addEndHandler(ended -> {
      int status = ctx.response().getStatusCode();
      span.setAttribute(HTTP_STATUS, (long) status);
      Route route = ctx.currentRoute();
      if (route != null && route.getPath() != null) {
        span.setAttribute(HTTP_ROUTE, route.getPath());
      }
      if (status >= 500) {
        span.setStatus(StatusCode.ERROR);
      } else if (ended.failed()) {
        span.setStatus(StatusCode.ERROR, "the client left before the whole answer was written");
      }
      span.end();
    });
    ctx.next();
  }
}

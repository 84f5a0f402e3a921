package dev.sheaf.pipeline;

import dev.sheaf.backend.BackendException;
import dev.sheaf.backend.BackendRequest;
import dev.sheaf.backend.CallRequest;
import dev.sheaf.backend.grpc.RpcRequest;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.vertx.core.AsyncResult;
import io.vertx.grpc.common.GrpcStatus;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A client span per backend call, child of the client request's span, with the semantic-convention
 * attributes of an HTTP or gRPC client call; its {@code traceparent} (and the client's
 * {@code tracestate} and {@code baggage}) goes out in the call's headers or metadata. Below
 * {@link Dedupe}, so a read shared within a request is one span, and the header never makes two
 * equal calls look different; above the breaker, so refused calls show in the trace with their code.
 */
public final class Tracing implements Layer {

  static final AttributeKey<String> BACKEND = AttributeKey.stringKey("sheaf.backend");
  static final AttributeKey<String> ERROR_CODE = AttributeKey.stringKey("sheaf.error.code");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  static final AttributeKey<String> HTTP_METHOD = AttributeKey.stringKey("http.request.method");
  static final AttributeKey<String> URL_TEMPLATE = AttributeKey.stringKey("url.template");
  static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");
  static final AttributeKey<String> RPC_SYSTEM = AttributeKey.stringKey("rpc.system");
  static final AttributeKey<String> RPC_SERVICE = AttributeKey.stringKey("rpc.service");
  static final AttributeKey<String> RPC_METHOD = AttributeKey.stringKey("rpc.method");
  static final AttributeKey<Long> GRPC_STATUS = AttributeKey.longKey("rpc.grpc.status_code");

  private static final TextMapSetter<Map<String, String>> HEADERS = (headers, name, value) -> headers.put(name, value);

  private final Tracer tracer;
  private final TextMapPropagator propagator;
  private final String backend;
  // A call's attributes are its binding's (the route names it), so they are made once per route, not per call;
  // the routes are those of one configuration's bindings, a bounded set.
  private final Map<String, Attributes> byRoute = new ConcurrentHashMap<>();

  private Tracing(Tracer tracer, TextMapPropagator propagator, String backend) {
    this.tracer = tracer;
    this.propagator = propagator;
    this.backend = backend;
  }

  /** The backend's tracing layer, or null when tracing is off ({@code telemetry} null). */
  public static Layer layer(OpenTelemetry telemetry, String backend) {
    if (telemetry == null) {
      return null;
    }
    return new Tracing(telemetry.getTracer("dev.sheaf"), telemetry.getPropagators().getTextMapPropagator(), backend);
  }

  @Override
  public BackendHandler wrap(BackendHandler next) {
    return call -> {
      Context parent = call.client().trace() == null ? Context.root() : call.client().trace();
      // The route is the binding as written: "GET /users/{args.id}" or "pkg.Service/Method", the names
      // the conventions give an HTTP or an RPC client span.
      Span span = tracer.spanBuilder(call.route()).setParent(parent).setSpanKind(SpanKind.CLIENT)
          .setAllAttributes(attributes(call)).startSpan();
      Context context = parent.with(span);
      return next.handle(call.withRequest(withTraceHeaders(call.request(), context)))
          .andThen(outcome -> end(span, call.request(), outcome));
    };
  }

  private Attributes attributes(BackendCall call) {
    Attributes known = byRoute.get(call.route());
    if (known == null) {
      known = describe(call);
      byRoute.put(call.route(), known);
    }
    return known;
  }

  private Attributes describe(BackendCall call) {
    AttributesBuilder attributes = Attributes.builder().put(BACKEND, backend);
    if (call.request() instanceof RpcRequest rpc) {
      attributes.put(RPC_SYSTEM, "grpc")
          .put(RPC_SERVICE, rpc.method().getService().getFullName())
          .put(RPC_METHOD, rpc.method().getName());
    } else if (call.request() instanceof BackendRequest rest) {
      String route = call.route();
      attributes.put(HTTP_METHOD, rest.method())
          .put(URL_TEMPLATE, route.substring(route.indexOf(' ') + 1));
    }
    return attributes.build();
  }

  /** The request with the trace's headers added; the headers it had are left as they were. */
  private CallRequest withTraceHeaders(CallRequest request, Context context) {
    if (request instanceof BackendRequest rest) {
      return new BackendRequest(rest.backend(), rest.method(), rest.uri(), inject(rest.headers(), context), rest.body());
    }
    if (request instanceof RpcRequest rpc) {
      return new RpcRequest(rpc.backend(), rpc.method(), rpc.message(), inject(rpc.metadata(), context), rpc.read());
    }
    return request;
  }

  private Map<String, String> inject(Map<String, String> headers, Context context) {
    Map<String, String> traced = new HashMap<>(headers.size() + 4);
    traced.putAll(headers);
    propagator.inject(context, traced, HEADERS);
    return traced;
  }

  private static void end(Span span, CallRequest request, AsyncResult<Object> outcome) {
    if (outcome.succeeded()) {
      if (request instanceof RpcRequest) {
        span.setAttribute(GRPC_STATUS, (long) GrpcStatus.OK.code);
      }
      span.end();
      return;
    }
    Throwable failure = outcome.cause();
    if (failure instanceof BackendException e) {
      span.setAttribute(ERROR_CODE, e.code().name()).setAttribute(ERROR_TYPE, e.code().name());
      if (e.status() > 0) {
        span.setAttribute(HTTP_STATUS, (long) e.status());
      }
      if (e.grpcStatus() != null) {
        span.setAttribute(GRPC_STATUS, (long) GrpcStatus.valueOf(e.grpcStatus()).code);
      }
    } else {
      span.setAttribute(ERROR_TYPE, failure.getClass().getName());
    }
    // The message names the backend, never its host: the same text the client sees.
    span.setStatus(StatusCode.ERROR, failure.getMessage());
    span.end();
  }
}

package dev.sheaf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.config.GatewayConfig;
import dev.sheaf.config.LogsConfig;
import dev.sheaf.config.ObservabilityConfig;
import dev.sheaf.config.TracingConfig;
import dev.sheaf.mock.Eventually;
import dev.sheaf.mock.Knobs;
import dev.sheaf.mock.RecordedRequest;
import dev.sheaf.mock.inventory.RecordedCall;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Traces over the wire: the gateway exports OTLP/HTTP protobuf to a real receiver the test runs, and
 * the real mock backends record the {@code traceparent} each call carried.
 */
class TracingTest {

  static final String HOME = """
      query Home($id: ID!) {
        user(id: $id) {
          name
          orders(limit: 2) { id }
          recommendations { id name price stock { available warehouse } }
        }
      }""";

  static final String CLIENT_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String CLIENT_SPAN = "00f067aa0ba902b7";

  static Vertx receiverVertx;
  static OtlpReceiver receiver;
  static TestGateway gateway;

  @BeforeAll
  static void start() {
    receiverVertx = Vertx.vertx();
    receiver = OtlpReceiver.start(receiverVertx);
    TracingConfig tracing = new TracingConfig(URI.create(receiver.endpoint()), 1.0, TracingConfig.Parents.TRUST,
        TracingConfig.DEFAULT_QUEUE_SIZE);
    gateway = TestGateway.start(GatewayConfig.defaults()
        .withObservability(new ObservabilityConfig(tracing, LogsConfig.defaults())));
  }

  @BeforeEach
  void resetMocks() {
    gateway.mocks.setKnobsForAll(Knobs.none());
    gateway.mocks.resetStats();
  }

  @AfterAll
  static void stop() {
    gateway.close();
    receiver.close();
    TestGateway.await(receiverVertx.close());
  }

  @Test
  void aClientTraceparentGivesOneTraceOfTheRequestAndEachBackendCallAndReachesEveryBackend() {
    // A document of its own, so it is parsed and validated in this request (the cache knows the others).
    JsonObject body = home(HOME + "\n# a document no other test sends", MultiMap.caseInsensitiveMultiMap()
        .add("traceparent", "00-" + CLIENT_TRACE + "-" + CLIENT_SPAN + "-01")
        .add("tracestate", "vendor=opaque")
        .add("baggage", "tenant=acme"));
    assertThat(body.containsKey("errors")).as(body.encode()).isFalse();

    List<RecordedRequest> restCalls = new ArrayList<>();
    for (var service : List.of(gateway.mocks.users(), gateway.mocks.orders(), gateway.mocks.recommendations(),
        gateway.mocks.catalog())) {
      restCalls.addAll(service.requests());
    }
    List<RecordedCall> grpcCalls = gateway.mocks.inventory().requests();
    assertThat(restCalls).hasSize(4);
    assertThat(grpcCalls).hasSize(1);
    int calls = restCalls.size() + grpcCalls.size();

    // The request's span, and one client span per backend call (parse and validate: the document is new).
    List<Span> spans = awaitSpans(CLIENT_TRACE, 1 + calls + 2);
    Span request = only(spans, span -> span.getKind() == Span.SpanKind.SPAN_KIND_SERVER);
    assertThat(request.getName()).isEqualTo("query Home");
    assertThat(hex(request.getParentSpanId().toByteArray())).isEqualTo(CLIENT_SPAN);
    assertThat(attribute(request, "graphql.operation.name")).contains("Home");
    assertThat(attribute(request, "http.response.status_code")).contains("200");
    assertThat(attribute(request, "http.route")).contains("/graphql");
    String requestSpan = hex(request.getSpanId().toByteArray());

    List<Span> backendCalls = spans.stream().filter(span -> span.getKind() == Span.SpanKind.SPAN_KIND_CLIENT).toList();
    assertThat(backendCalls).hasSize(calls);
    assertThat(backendCalls).allSatisfy(span -> {
      assertThat(hex(span.getParentSpanId().toByteArray())).isEqualTo(requestSpan);
      assertThat(span.getStatus().getCode()).isNotEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
    });
    assertThat(spans.stream().filter(span -> span.getName().startsWith("graphql."))
        .map(span -> hex(span.getParentSpanId().toByteArray()))).containsOnly(requestSpan);

    Span users = only(backendCalls, span -> attribute(span, "sheaf.backend").equals(Optional.of("users")));
    assertThat(users.getName()).isEqualTo("GET /users/{args.id}");
    assertThat(attribute(users, "http.request.method")).contains("GET");
    assertThat(attribute(users, "url.template")).contains("/users/{args.id}");
    Span stock = only(backendCalls, span -> attribute(span, "rpc.system").equals(Optional.of("grpc")));
    assertThat(stock.getName()).isEqualTo("inventory.v1.InventoryService/GetStock");
    assertThat(attribute(stock, "rpc.service")).contains("inventory.v1.InventoryService");
    assertThat(attribute(stock, "rpc.method")).contains("GetStock");
    assertThat(attribute(stock, "rpc.grpc.status_code")).contains("0");

    // Every backend got the client's trace id, with its own call's span as the parent, and the client's baggage.
    Set<String> callSpans = backendCalls.stream().map(span -> hex(span.getSpanId().toByteArray()))
        .collect(Collectors.toSet());
    List<String> sent = new ArrayList<>();
    restCalls.forEach(call -> sent.add(call.header("traceparent")));
    grpcCalls.forEach(call -> sent.add(call.header("traceparent")));
    assertThat(sent).allSatisfy(traceparent -> assertThat(traceparent).startsWith("00-" + CLIENT_TRACE + "-"));
    assertThat(sent.stream().map(traceparent -> traceparent.split("-")[2]).collect(Collectors.toSet()))
        .isEqualTo(callSpans);
    assertThat(restCalls).allSatisfy(call -> {
      assertThat(call.header("tracestate")).isEqualTo("vendor=opaque");
      assertThat(call.header("baggage")).isEqualTo("tenant=acme");
    });
    assertThat(receiver.contentTypes()).allSatisfy(type -> assertThat(type).isEqualTo("application/x-protobuf"));
  }

  @Test
  void aFailedBackendCallIsAnErrorSpanWithTheSheafCode() {
    gateway.mocks.orders().setKnobs(Knobs.none().withErrorStatus(503));
    String trace = "0af7651916cd43dd8448eb211c80319c";
    JsonObject body = home(MultiMap.caseInsensitiveMultiMap().add("traceparent", "00-" + trace + "-b7ad6b7169203331-01"));
    assertThat(body.getJsonArray("errors")).isNotEmpty();

    Span orders = awaitSpan(trace, span -> span.getKind() == Span.SpanKind.SPAN_KIND_CLIENT
        && attribute(span, "sheaf.backend").equals(Optional.of("orders")));
    assertThat(orders.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
    assertThat(attribute(orders, "sheaf.error.code")).contains("BACKEND_ERROR");
    assertThat(attribute(orders, "http.response.status_code")).contains("503");
    assertThat(orders.getStatus().getMessage()).doesNotContain("127.0.0.1");
  }

  @Test
  void aRequestWithoutTraceparentStartsATraceThatItsBackendsShare() {
    home(MultiMap.caseInsensitiveMultiMap());

    String traceparent = gateway.mocks.users().requests().get(0).header("traceparent");
    // Sampled (01), and the trace id random (02, W3C Trace Context level 2).
    assertThat(traceparent).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[13]");
    String trace = traceparent.split("-")[1];
    assertThat(gateway.mocks.orders().requests().get(0).header("traceparent")).startsWith("00-" + trace + "-");
    Span request = awaitSpan(trace, span -> span.getKind() == Span.SpanKind.SPAN_KIND_SERVER);
    assertThat(request.getParentSpanId().isEmpty()).isTrue();
  }

  private static JsonObject home(MultiMap headers) {
    return home(HOME, headers);
  }

  private static JsonObject home(String query, MultiMap headers) {
    var response = gateway.post(new JsonObject().put("query", query).put("variables", Map.of("id", "42")).toBuffer(),
        headers);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  /** Waits (generously: spans leave in batches every few seconds) until the trace has at least {@code count} spans. */
  private static List<Span> awaitSpans(String traceId, int count) {
    TestGateway.await(Eventually.holds(receiverVertx, Duration.ofSeconds(18),
        () -> receiver.trace(traceId).size() >= count));
    return receiver.trace(traceId);
  }

  private static Span only(List<Span> spans, Function<Span, Boolean> test) {
    List<Span> matching = spans.stream().filter(test::apply).toList();
    assertThat(matching).as(spans.toString()).hasSize(1);
    return matching.get(0);
  }

  /** The one span of the trace that passes, once it arrived. */
  private static Span awaitSpan(String traceId, Function<Span, Boolean> test) {
    TestGateway.await(Eventually.holds(receiverVertx, Duration.ofSeconds(18),
        () -> receiver.trace(traceId).stream().anyMatch(test::apply)));
    return only(receiver.trace(traceId), test);
  }

  private static Optional<String> attribute(Span span, String key) {
    return span.getAttributesList().stream().filter(kv -> kv.getKey().equals(key)).findFirst()
        .map(KeyValue::getValue).map(value -> switch (value.getValueCase()) {
          case STRING_VALUE -> value.getStringValue();
          case INT_VALUE -> String.valueOf(value.getIntValue());
          case BOOL_VALUE -> String.valueOf(value.getBoolValue());
          default -> value.toString();
        });
  }

  private static String hex(byte[] bytes) {
    return OtlpReceiver.hex(bytes);
  }
}

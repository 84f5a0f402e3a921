package dev.sheaf.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.backend.BackendException;
import dev.sheaf.backend.BackendRequest;
import dev.sheaf.backend.Deadline;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pipeline's layers and their order, with a fake transport (no server). */
class CallPipelineTest {

  private final List<String> sent = new ArrayList<>();
  private final List<String> measured = new ArrayList<>();
  private final BackendHandler transport = call -> {
    sent.add(((BackendRequest) call.request()).uri());
    return Future.succeededFuture(Map.of("uri", ((BackendRequest) call.request()).uri()));
  };
  /** A metrics stand-in: records the route of each call that passes it. */
  private final Layer metrics = next -> call -> {
    measured.add(call.route());
    return next.handle(call);
  };

  @Test
  void identicalReadsOfOneRequestReachTheTransportAndMetricsOnce() {
    BackendHandler pipeline = CallPipeline.compose(transport, metrics);
    RequestCalls client = client();

    Future<Object> first = pipeline.handle(get("/users/42", client));
    Future<Object> second = pipeline.handle(get("/users/42", client));
    pipeline.handle(get("/users/7", client));

    assertThat(second).isSameAs(first);
    assertThat(sent).containsExactly("/users/42", "/users/7");
    assertThat(measured).containsExactly("GET /users/{args.id}", "GET /users/{args.id}");
  }

  @Test
  void anotherRequestMakesTheSameReadAgain() {
    BackendHandler pipeline = CallPipeline.compose(transport, metrics);

    pipeline.handle(get("/users/42", client()));
    pipeline.handle(get("/users/42", client()));

    assertThat(sent).containsExactly("/users/42", "/users/42");
  }

  @Test
  void writesAlwaysGoThrough() {
    BackendHandler pipeline = CallPipeline.compose(transport, metrics);
    RequestCalls client = client();
    BackendRequest post = new BackendRequest("orders", "POST", "/users/42/orders", Map.of(), null);

    pipeline.handle(new BackendCall("orders", "POST /users/{claims.sub}/orders", post, client));
    pipeline.handle(new BackendCall("orders", "POST /users/{claims.sub}/orders", post, client));

    assertThat(sent).hasSize(2);
    assertThat(measured).hasSize(2);
  }

  @Test
  void aCodedFailureComesBackUnchanged() {
    BackendException timeout = BackendException.timeout("users", 300);
    BackendHandler pipeline = CallPipeline.compose(call -> Future.failedFuture(timeout), metrics);

    Future<Object> answer = pipeline.handle(get("/users/42", client()));

    assertThat(answer.cause()).isSameAs(timeout);
  }

  @Test
  void withoutMetricsTheStackIsDedupeAndTransport() {
    BackendHandler pipeline = CallPipeline.compose(transport, null);
    RequestCalls client = client();

    pipeline.handle(get("/users/42", client));
    pipeline.handle(get("/users/42", client));

    assertThat(sent).containsExactly("/users/42");
    assertThat(measured).isEmpty();
  }

  @Test
  void eachCallThatGoesOutIsRecordedWithEveryFieldItServed() {
    BackendHandler pipeline = CallPipeline.compose(transport, metrics);
    CallRecords records = new CallRecords(System.nanoTime());
    RequestCalls client = new RequestCalls(Deadline.after(Duration.ofSeconds(1)), "r1", records);
    BackendException down = BackendException.status("users", 503, "503");
    BackendHandler failing = CallPipeline.compose(call -> Future.failedFuture(down), null);

    pipeline.handle(get("/users/42", client, Served.field("/user")));
    pipeline.handle(get("/users/42", client, Served.field("/order/user")));
    pipeline.handle(get("/users/7", client, Served.batch(List.of("/a[0]", "/a[1]"), 2)));
    failing.handle(get("/users/9", client, Served.field("/other")));

    List<CallRecord> calls = records.calls();
    assertThat(calls).hasSize(3);
    // The read another field shared is one call serving both fields.
    assertThat(calls.get(0).fields()).containsExactly("/user", "/order/user");
    assertThat(calls.get(0).outcome()).isEqualTo("ok");
    assertThat(calls.get(0).route()).isEqualTo("GET /users/{args.id}");
    assertThat(calls.get(0).endNanos()).isGreaterThanOrEqualTo(calls.get(0).startNanos());
    assertThat(calls.get(1).batchSize()).isEqualTo(2);
    assertThat(calls.get(1).fields()).containsExactly("/a[0]", "/a[1]");
    assertThat(calls.get(2).outcome()).isEqualTo("BACKEND_ERROR");
    assertThat(calls.get(2).status()).isEqualTo(503);
  }

  @Test
  void aRequestKeepsARecordOfAtMostItsBoundOfCalls() {
    BackendHandler pipeline = CallPipeline.compose(transport, null);
    CallRecords records = new CallRecords(System.nanoTime());
    RequestCalls client = new RequestCalls(Deadline.after(Duration.ofSeconds(1)), "r1", records);

    for (int i = 0; i < CallRecords.MAX_CALLS + 5; i++) {
      pipeline.handle(get("/users/" + i, client));
    }

    assertThat(sent).hasSize(CallRecords.MAX_CALLS + 5);
    assertThat(records.calls()).hasSize(CallRecords.MAX_CALLS);
    assertThat(records.dropped()).isEqualTo(5);
  }

  private static RequestCalls client() {
    return new RequestCalls(Deadline.after(Duration.ofSeconds(1)), "r1");
  }

  private static BackendCall get(String uri, RequestCalls client) {
    return get(uri, client, Served.UNKNOWN);
  }

  private static BackendCall get(String uri, RequestCalls client, Served served) {
    return new BackendCall("users", "GET /users/{args.id}",
        new BackendRequest("users", "GET", uri, Map.of("x-request-id", client.requestId()), null), client, served);
  }
}

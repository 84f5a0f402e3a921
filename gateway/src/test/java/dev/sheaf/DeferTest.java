package dev.sheaf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.config.GatewayConfig;
import dev.sheaf.mock.Knobs;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code @defer} over the wire: multipart/mixed parts written as they resolve, against the real mock backends. */
class DeferTest {

  static final String DEFERRED_HOME = """
      query Home($id: ID!) {
        user(id: $id) {
          name tier
          orders(limit: 3) { id total status }
          ... @defer(label: "recommended") { recommendations { id name price } }
        }
      }""";
  static final String HOME = HomeScreenTest.HOME;
  static final String ACCEPT_DEFER = "multipart/mixed;deferSpec=20220824, application/json";
  static final long SLOW_MS = 500;
  static final long USER_MS = 50;

  @TempDir
  static Path resolvers;
  static TestGateway gateway;
  static HttpClient http;

  @BeforeAll
  static void start() throws IOException {
    // The sample gives recommendations 300 ms; here it must outlast the slow mock's 500 ms.
    TestGateway.copySampleResolvers(resolvers, text -> text.replace("timeout: 300ms", "timeout: 5s"));
    gateway = TestGateway.start(GatewayConfig.defaults(), resolvers);
    http = gateway.vertx.createHttpClient();
  }

  @AfterAll
  static void stop() {
    TestGateway.await(http.close());
    gateway.close();
  }

  @BeforeEach
  void reset() {
    gateway.mocks.setKnobsForAll(Knobs.none());
    gateway.mocks.resetStats();
  }

  @Test
  void theInitialPartArrivesBeforeTheSlowBackendAnswers() {
    deferred(DEFERRED_HOME, MultiMap.caseInsensitiveMultiMap()); // warm-up: the timed request pays no first-use costs
    gateway.mocks.resetStats();
    gateway.mocks.recommendations().setKnobs(Knobs.none().withLatency(SLOW_MS));
    // The initial part waits for the user: sent with it, the slow call has surely reached its backend by
    // then. With instant backends, a fast gateway could answer before the backend counted the call.
    gateway.mocks.users().setKnobs(Knobs.none().withLatency(USER_MS));

    Answer answer = deferred(DEFERRED_HOME, MultiMap.caseInsensitiveMultiMap());

    assertThat(answer.headers().get("content-type")).startsWith("multipart/mixed").contains("deferSpec=20220824");
    assertThat(answer.parts()).hasSize(2);
    Part initial = answer.parts().get(0);
    Part last = answer.parts().get(1);
    assertThat(initial.body().getBoolean("hasNext")).isTrue();
    assertThat(initial.body().getJsonObject("data").getJsonObject("user").getJsonArray("orders")).hasSize(3);
    assertThat(initial.body().getJsonObject("data").getJsonObject("user").containsKey("recommendations")).isFalse();
    // The slow backend was still working on its call when the initial part reached the client...
    assertThat(initial.slowCallsInFlight()).isEqualTo(1);
    assertThat(initial.afterMillis()).as("initial part, ms after sending").isLessThan(SLOW_MS);
    // ... and the deferred part came once it had answered.
    assertThat(last.afterMillis()).as("deferred part, ms after sending").isGreaterThanOrEqualTo(SLOW_MS);
    assertThat(last.body().getBoolean("hasNext")).isFalse();
    JsonObject item = last.body().getJsonArray("incremental").getJsonObject(0);
    assertThat(item.getJsonArray("path")).isEqualTo(new JsonArray().add("user"));
    assertThat(item.getString("label")).isEqualTo("recommended");
    // The deferred call started with the user's, not after the initial part: one call each, overlapping.
    assertThat(gateway.mocks.recommendations().calls()).isEqualTo(1);
    assertThat(gateway.mocks.users().calls()).isEqualTo(1);
  }

  @Test
  void thePartsMergedEqualTheWholeAnswer() {
    JsonObject whole = gateway.graphqlData(HOME, Map.of("id", "42"));

    Answer answer = deferred(DEFERRED_HOME, MultiMap.caseInsensitiveMultiMap());

    assertThat(answer.parts()).hasSizeGreaterThan(1);
    assertThat(answer.merged()).isEqualTo(whole);
    assertThat(answer.parts()).allSatisfy(part -> assertThat(part.body().containsKey("errors")).isFalse());
  }

  @Test
  void aClientThatDoesNotReadMultipartGetsTheWholeAnswerAtOnce() {
    JsonObject whole = gateway.graphqlData(HOME, Map.of("id", "42"));

    var response = gateway.post(new JsonObject().put("query", DEFERRED_HOME).put("variables", Map.of("id", "42"))
        .toBuffer(), MultiMap.caseInsensitiveMultiMap().add("accept", "application/graphql-response+json"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("content-type")).startsWith("application/graphql-response+json");
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.containsKey("hasNext")).isFalse();
    assertThat(body.getJsonObject("data")).isEqualTo(whole);
  }

  @Test
  void aDeferredPartsErrorStaysInThatPartAndTheRequestKeepsItsId() {
    gateway.mocks.recommendations().setKnobs(Knobs.none().withErrorStatus(503));

    Answer answer = deferred(DEFERRED_HOME, MultiMap.caseInsensitiveMultiMap().add("x-request-id", "defer-503"));

    assertThat(answer.headers().get("x-request-id")).isEqualTo("defer-503");
    assertThat(answer.parts()).hasSize(2);
    assertThat(answer.parts().get(0).body().containsKey("errors")).isFalse();
    JsonObject item = answer.parts().get(1).body().getJsonArray("incremental").getJsonObject(0);
    assertThat(item.getJsonObject("data").getValue("recommendations")).isNull();
    JsonObject error = item.getJsonArray("errors").getJsonObject(0);
    assertThat(error.getJsonArray("path")).isEqualTo(new JsonArray().add("user").add("recommendations"));
    assertThat(error.getJsonObject("extensions").getString("backend")).isEqualTo("recommendations");
    assertThat(error.getJsonObject("extensions").getString("code")).startsWith("BACKEND_");
  }

  @Test
  void aDeferredPartIsBoundByTheRequestsDeadline() {
    gateway.mocks.recommendations().setKnobs(Knobs.none().withLatency(3_000));

    Answer answer = deferred(DEFERRED_HOME, MultiMap.caseInsensitiveMultiMap().add("sheaf-timeout", "300ms"));

    assertThat(answer.parts()).hasSize(2);
    assertThat(answer.parts().get(0).body().getJsonObject("data").getJsonObject("user").getString("name")).isNotNull();
    JsonObject item = answer.parts().get(1).body().getJsonArray("incremental").getJsonObject(0);
    JsonObject error = item.getJsonArray("errors").getJsonObject(0);
    assertThat(error.getJsonObject("extensions").getString("code")).isEqualTo("BACKEND_TIMEOUT");
    // The answer ended with the deadline, long before the backend would have answered.
    assertThat(answer.parts().get(1).afterMillis()).isLessThan(2_500);
  }

  @Test
  void theMetricsTimeADeferredRequestToItsLastPart() throws InterruptedException {
    gateway.mocks.recommendations().setKnobs(Knobs.none().withLatency(SLOW_MS));
    double[] before = graphqlRequestsOk();

    deferred(DEFERRED_HOME, MultiMap.caseInsensitiveMultiMap());

    // Recorded when the answer ends, which the client may see a moment before the gateway does.
    double[] after = graphqlRequestsOk();
    for (long giveUp = System.nanoTime() + Duration.ofSeconds(10).toNanos();
         after[0] < before[0] + 1 && System.nanoTime() < giveUp; after = graphqlRequestsOk()) {
      Thread.sleep(50);
    }
    assertThat(after[0] - before[0]).as("requests counted").isEqualTo(1);
    double seconds = after[1] - before[1];
    assertThat(seconds).as("time recorded for the request").isGreaterThanOrEqualTo(SLOW_MS / 1000.0);
  }

  @Test
  void aDocumentWithoutDeferIsAPlainJsonAnswerEvenForAMultipartClient() {
    Answer answer = deferred(HOME, MultiMap.caseInsensitiveMultiMap());

    assertThat(answer.headers().get("content-type")).startsWith("application/json");
    assertThat(new JsonObject(answer.unparsed()).getJsonObject("data").getJsonObject("user").getString("name")).isNotNull();
  }

  /** The count and total seconds of the GraphQL requests answered 200, from the admin port's /metrics. */
  private static double[] graphqlRequestsOk() {
    String text = TestGateway.await(gateway.client.get(gateway.sheaf.adminPort(), "127.0.0.1", "/metrics").send())
        .bodyAsString();
    double[] countAndSum = new double[2];
    text.lines().filter(line -> line.contains("transport=\"graphql\"") && line.contains("status=\"200\""))
        .forEach(line -> {
          double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
          if (line.startsWith("sheaf_client_requests_seconds_count{")) {
            countAndSum[0] += value;
          } else if (line.startsWith("sheaf_client_requests_seconds_sum{")) {
            countAndSum[1] += value;
          }
        });
    return countAndSum;
  }

  /** POSTs {@code query} for user 42 accepting multipart, and reads the parts as they arrive. */
  private static Answer deferred(String query, MultiMap headers) {
    Buffer body = new JsonObject().put("query", query).put("variables", Map.of("id", "42")).toBuffer();
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1")
        .setPort(gateway.sheaf.port()).setURI("/graphql").setHeaders(MultiMap.caseInsensitiveMultiMap()
            .addAll(headers).add("content-type", "application/json").add("accept", ACCEPT_DEFER));
    List<Part> parts = new CopyOnWriteArrayList<>();
    StringBuilder received = new StringBuilder();
    long sent = System.nanoTime();
    Future<Answer> answer = http.request(options)
        .compose(request -> request.send(body))
        .compose(response -> {
          response.handler(chunk -> {
            received.append(chunk.toString(StandardCharsets.UTF_8));
            Part.collect(received, parts, sent, gateway.mocks.recommendations().inFlight());
          });
          return response.end().map(done -> new Answer(response.headers(), received.toString(), parts));
        });
    return TestGateway.await(answer.timeout(Duration.ofSeconds(20).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS));
  }

  /**
   * @param unparsed what is left of the body once the parts are taken out: all of it for an answer
   *                 that is not multipart
   */
  record Answer(MultiMap headers, String unparsed, List<Part> parts) {

    /** The initial data with every deferred item's data merged in at its path. */
    JsonObject merged() {
      JsonObject data = parts.get(0).body().getJsonObject("data").copy();
      for (Part part : parts.subList(1, parts.size())) {
        for (Object item : part.body().getJsonArray("incremental", new JsonArray())) {
          JsonObject payload = (JsonObject) item;
          Object target = data;
          for (Object step : payload.getJsonArray("path")) {
            target = step instanceof Integer index ? ((JsonArray) target).getValue(index)
                : ((JsonObject) target).getValue((String) step);
          }
          ((JsonObject) target).mergeIn(payload.getJsonObject("data"), true);
        }
      }
      return data;
    }
  }

  /** One part of a multipart answer: its JSON, when it arrived, and the slow backend's calls in flight then. */
  record Part(JsonObject body, long afterMillis, int slowCallsInFlight) {
    private static final String DELIMITER = "\r\n--graphql";

    /** Moves the complete parts at the start of {@code received} into {@code into}. */
    static void collect(StringBuilder received, List<Part> into, long sentNanos, int inFlight) {
      long after = Duration.ofNanos(System.nanoTime() - sentNanos).toMillis();
      while (true) {
        int start = received.indexOf(DELIMITER);
        int headersEnd = start < 0 ? -1 : received.indexOf("\r\n\r\n", start + DELIMITER.length());
        int next = headersEnd < 0 ? -1 : received.indexOf(DELIMITER, headersEnd);
        if (next < 0) {
          return;
        }
        into.add(new Part(new JsonObject(received.substring(headersEnd + 4, next)), after, inFlight));
        received.delete(0, next);
      }
    }
  }
}

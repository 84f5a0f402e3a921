package dev.sheaf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.mock.MockBackend;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One id per request, in the answer and in every backend call it makes, over the wire. */
class RequestIdTest {

  static final String HOME = "{ user(id: \"42\") { name orders(limit: 1) { id } recommendations { id stock { available } } } }";

  @RegisterExtension
  static final TestGateway gateway = TestGateway.perClass();

  @Test
  void everyAnswerHasAnIdThatEveryBackendCallOfItCarries() {
    HttpResponse<Buffer> first = post(HOME, MultiMap.caseInsensitiveMultiMap());
    String id = first.getHeader("x-request-id");

    // Every call is recorded as it arrives, even one the gateway gives up on (the inventory's timeout is 300 ms).
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(id).matches("[0-9a-f]{32}");
    List<String> sent = Stream.concat(
        Stream.of(gateway.mocks.users(), gateway.mocks.orders(), gateway.mocks.recommendations(), gateway.mocks.catalog())
            .flatMap(mock -> mock.requests().stream()).map(call -> call.header("x-request-id")),
        gateway.mocks.inventory().requests().stream().map(call -> call.header("x-request-id"))).toList();
    assertThat(sent).hasSize(5).containsOnly(id);

    String second = post(HOME, MultiMap.caseInsensitiveMultiMap()).getHeader("x-request-id");
    assertThat(second).matches("[0-9a-f]{32}").isNotEqualTo(id);
  }

  @Test
  void aClientsOwnIdIsKeptAndPassedOn() {
    String own = "0f8e2a54-6a1c-4b9e-9d57-3c1f2b7e9a10";

    HttpResponse<Buffer> answer = post(HOME, MultiMap.caseInsensitiveMultiMap().add("X-Request-Id", own));

    assertThat(answer.getHeader("x-request-id")).isEqualTo(own);
    assertThat(gateway.mocks.users().requests()).extracting(call -> call.header("x-request-id")).containsExactly(own);
    assertThat(gateway.mocks.inventory().requests()).extracting(call -> call.header("x-request-id")).containsOnly(own);
  }

  @Test
  void anImplausibleIdIsReplacedNotPassedOn() {
    for (String sent : List.of("two words", "x".repeat(129), "<script>")) {
      gateway.mocks.resetStats();

      HttpResponse<Buffer> answer = post(HOME, MultiMap.caseInsensitiveMultiMap().add("X-Request-Id", sent));

      assertThat(answer.getHeader("x-request-id")).matches("[0-9a-f]{32}");
      assertThat(gateway.mocks.users().requests()).extracting(call -> call.header("x-request-id"))
          .containsExactly(answer.getHeader("x-request-id"));
    }
  }

  @Test
  void refusalsHaveAnIdToo() {
    HttpResponse<Buffer> badJson = gateway.post(Buffer.buffer("{\"query\": "),
        MultiMap.caseInsensitiveMultiMap().add("content-type", "application/json"));
    HttpResponse<Buffer> unknownPath = gateway.send(HttpMethod.GET, "/nothing/here", MultiMap.caseInsensitiveMultiMap());

    assertThat(badJson.statusCode()).isEqualTo(400);
    assertThat(badJson.getHeader("x-request-id")).matches("[0-9a-f]{32}");
    assertThat(unknownPath.statusCode()).isEqualTo(404);
    assertThat(unknownPath.getHeader("x-request-id")).matches("[0-9a-f]{32}");
    assertThat(gateway.mocks.all().stream().mapToInt(MockBackend::calls).sum()).isZero();
  }

  private static HttpResponse<Buffer> post(String query, MultiMap headers) {
    return gateway.post(new JsonObject().put("query", query).toBuffer(),
        headers.add("content-type", "application/json"));
  }
}

package dev.sheaf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.mock.Knobs;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A misbehaving backend costs its own fields only: null + coded error, siblings intact. */
class PartialResultsTest {

  @RegisterExtension
  static final TestGateway gateway = TestGateway.perClass();

  private static JsonObject home() {
    return gateway.query(HomeScreenTest.HOME, Map.of("id", "42"));
  }

  private static JsonObject onlyError(JsonObject body) {
    assertThat(body.getJsonArray("errors")).as(body.encode()).hasSize(1);
    return body.getJsonArray("errors").getJsonObject(0);
  }

  private static void assertSiblingsIntact(JsonObject user) {
    assertThat(user.getString("name")).isNotBlank();
    assertThat(user.getString("tier")).isNotBlank();
  }

  @Test
  void hangingBackendYieldsNullFieldWithTimeoutWithinItsBudget() {
    gateway.mocks.orders().setKnobs(Knobs.none().withHang(true));

    long start = System.nanoTime();
    JsonObject body = home();
    long elapsedMs = (System.nanoTime() - start) / 1_000_000;

    JsonObject user = body.getJsonObject("data").getJsonObject("user");
    assertThat(user.getValue("orders")).isNull();
    assertSiblingsIntact(user);
    assertThat(user.getJsonArray("recommendations")).isNotEmpty();
    JsonObject error = onlyError(body);
    assertThat(error.getJsonArray("path").getList()).containsExactly("user", "orders");
    assertThat(error.getJsonObject("extensions").getString("code")).isEqualTo("BACKEND_TIMEOUT");
    assertThat(error.getJsonObject("extensions").getString("backend")).isEqualTo("orders");
    // orders' timeout is 800 ms; generous margin for a busy machine, far below a hang.
    assertThat(elapsedMs).isBetween(700L, 3_000L);
  }

  @Test
  void clientDeadlineBoundsEveryCall() {
    gateway.mocks.orders().setKnobs(Knobs.none().withHang(true));
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("sheaf-timeout", "200ms");

    long start = System.nanoTime();
    HttpResponse<Buffer> response = gateway.post(
        new JsonObject().put("query", HomeScreenTest.HOME).put("variables", Map.of("id", "42")).toBuffer(), headers);
    long elapsedMs = (System.nanoTime() - start) / 1_000_000;

    JsonObject error = onlyError(response.bodyAsJsonObject());
    assertThat(error.getJsonObject("extensions").getString("code")).isEqualTo("BACKEND_TIMEOUT");
    assertThat(elapsedMs).isBetween(150L, 700L);
  }

  @Test
  void clientCannotAskForMoreThanTheCap() {
    // The default cap is 30 s; a 10-minute ask is capped, so the 800 ms backend timeout still applies.
    gateway.mocks.orders().setKnobs(Knobs.none().withHang(true));
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("sheaf-timeout", "600s");

    JsonObject body = gateway.post(new JsonObject().put("query", HomeScreenTest.HOME)
        .put("variables", Map.of("id", "42")).toBuffer(), headers).bodyAsJsonObject();

    assertThat(onlyError(body).getJsonObject("extensions").getString("code")).isEqualTo("BACKEND_TIMEOUT");
  }

  @Test
  void erroringBackendYieldsBackendErrorWithItsStatus() {
    gateway.mocks.recommendations().setKnobs(Knobs.none().withErrorStatus(503));

    JsonObject body = home();

    JsonObject user = body.getJsonObject("data").getJsonObject("user");
    assertThat(user.getValue("recommendations")).isNull();
    assertThat(user.getJsonArray("orders")).hasSize(3);
    JsonObject error = onlyError(body);
    assertThat(error.getJsonArray("path").getList()).containsExactly("user", "recommendations");
    assertThat(error.getJsonObject("extensions").getString("code")).isEqualTo("BACKEND_ERROR");
    assertThat(error.getJsonObject("extensions").getInteger("status")).isEqualTo(503);
    assertThat(error.getJsonObject("extensions").getString("backend")).isEqualTo("recommendations");
  }

  @Test
  void malformedJsonYieldsBadBackendResponse() {
    gateway.mocks.orders().setKnobs(Knobs.none().withMalformedJson(true));

    JsonObject body = home();

    assertThat(body.getJsonObject("data").getJsonObject("user").getValue("orders")).isNull();
    JsonObject error = onlyError(body);
    assertThat(error.getJsonObject("extensions").getString("code")).isEqualTo("BAD_BACKEND_RESPONSE");
    assertThat(error.getJsonObject("extensions").getString("backend")).isEqualTo("orders");
  }

  @Test
  void resetConnectionYieldsBackendUnavailable() {
    gateway.mocks.catalog().setKnobs(Knobs.none().withResetConnection(true));

    JsonObject body = home();

    JsonObject user = body.getJsonObject("data").getJsonObject("user");
    assertSiblingsIntact(user);
    assertThat(user.getJsonArray("orders")).hasSize(3);
    JsonObject error = body.getJsonArray("errors").getJsonObject(0);
    assertThat(error.getJsonObject("extensions").getString("code")).isEqualTo("BACKEND_UNAVAILABLE");
    assertThat(error.getJsonObject("extensions").getString("backend")).isEqualTo("catalog");
    assertThat(error.getJsonArray("path").getList()).startsWith("user", "recommendations");
  }

  @Test
  void slowBodyWithinTheTimeoutStillArrivesWhole() {
    gateway.mocks.orders().setKnobs(Knobs.none().withSlowBody(200));

    JsonObject body = home();

    assertThat(body.containsKey("errors")).as(body.encode()).isFalse();
    assertThat(body.getJsonObject("data").getJsonObject("user").getJsonArray("orders")).hasSize(3);
  }

  @Test
  void failingRootBackendNullsTheRootAndSaysWhy() {
    gateway.mocks.users().setKnobs(Knobs.none().withErrorStatus(500));

    JsonObject body = home();

    assertThat(body.getJsonObject("data").getValue("user")).isNull();
    JsonObject error = onlyError(body);
    assertThat(error.getJsonObject("extensions").getString("code")).isEqualTo("BACKEND_ERROR");
    assertThat(error.getJsonArray("path").getList()).containsExactly("user");
  }

  @Test
  void errorsNeverLeakHostsOrStackTraces() {
    gateway.mocks.users().setKnobs(Knobs.none().withMalformedJson(true));
    gateway.mocks.orders().setKnobs(Knobs.none().withResetConnection(true));

    String raw = gateway.post(new JsonObject().put("query", HomeScreenTest.HOME).put("variables", Map.of("id", "42"))
        .toBuffer(), MultiMap.caseInsensitiveMultiMap()).bodyAsString();

    assertThat(raw).contains("BAD_BACKEND_RESPONSE");
    assertThat(raw).doesNotContain("127.0.0.1", "localhost", "Exception", "at dev.", String.valueOf(gateway.mocks.users().port()));
  }
}

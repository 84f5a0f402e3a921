package dev.sheaf;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /loggers} and {@code PUT /loggers/{name}} on the admin port: the loggers' levels, read
 * and changed while the gateway runs, and a clear 400 for a name, level or body it cannot take. Changes
 * only a logger of its own, so the other tests' log stays as it was (the access log's switch is
 * tested in AccessLogTest, in a JVM of its own).
 */
class LoggerLevelsTest {

  private static final String OWN = "dev.sheaf.test.levels";

  @RegisterExtension
  static final TestGateway gateway = TestGateway.perClass();

  @Test
  void listsTheLoggersWithALevelAndTheirEffectiveLevel() {
    HttpResponse<Buffer> response = admin(HttpMethod.GET, "/loggers", null);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject loggers = response.bodyAsJsonObject().getJsonObject("loggers");
    // The tests' logback-test.xml: the root at warn, the access log at info.
    assertThat(loggers.getJsonObject("ROOT").getString("effectiveLevel")).isEqualTo("WARN");
    assertThat(loggers.getJsonObject("sheaf.access").getString("configuredLevel")).isEqualTo("INFO");
    assertThat(response.bodyAsJsonObject().getJsonArray("levels")).contains("DEBUG", "OFF");
  }

  @Test
  void aLevelSetHoldsUntilItIsClearedToInheritAgain() {
    HttpResponse<Buffer> set = admin(HttpMethod.PUT, "/loggers/" + OWN, "{\"level\":\"debug\"}");
    HttpResponse<Buffer> read = admin(HttpMethod.GET, "/loggers/" + OWN, null);
    HttpResponse<Buffer> listed = admin(HttpMethod.GET, "/loggers", null);
    HttpResponse<Buffer> cleared = admin(HttpMethod.PUT, "/loggers/" + OWN, "{\"level\":null}");

    assertThat(set.statusCode()).isEqualTo(200);
    assertThat(read.bodyAsJsonObject().getString("configuredLevel")).isEqualTo("DEBUG");
    assertThat(read.bodyAsJsonObject().getString("effectiveLevel")).isEqualTo("DEBUG");
    assertThat(listed.bodyAsJsonObject().getJsonObject("loggers").containsKey(OWN)).isTrue();
    assertThat(cleared.statusCode()).isEqualTo(200);
    assertThat(cleared.bodyAsJsonObject().getString("configuredLevel")).isNull();
    assertThat(cleared.bodyAsJsonObject().getString("effectiveLevel")).isEqualTo("WARN");
    assertThat(admin(HttpMethod.GET, "/loggers", null).bodyAsJsonObject().getJsonObject("loggers").containsKey(OWN))
        .isFalse();
  }

  @Test
  void aNameLevelOrBodyItCannotTakeIsA400ThatSaysWhy() {
    assertRefused(admin(HttpMethod.PUT, "/loggers/bad%20name", "{\"level\":\"debug\"}"), "not a logger name");
    assertRefused(admin(HttpMethod.PUT, "/loggers/" + OWN, "{\"level\":\"loud\"}"), "'loud' is not a level");
    assertRefused(admin(HttpMethod.PUT, "/loggers/" + OWN, "{\"level\":3}"), "'3' is not a level");
    assertRefused(admin(HttpMethod.PUT, "/loggers/" + OWN, "debug"), "one JSON object with one key");
    assertRefused(admin(HttpMethod.PUT, "/loggers/" + OWN, "{}"), "one JSON object with one key");
    assertRefused(admin(HttpMethod.PUT, "/loggers/" + OWN, "{\"level\":\"info\",\"x\":1}"), "one JSON object");
    assertRefused(admin(HttpMethod.PUT, "/loggers/ROOT", "{\"level\":null}"), "root logger has no parent");
    assertThat(admin(HttpMethod.GET, "/loggers/dev.sheaf.never.made", null).statusCode()).isEqualTo(404);
    assertThat(admin(HttpMethod.GET, "/loggers/" + OWN, null).bodyAsJsonObject().getString("effectiveLevel"))
        .isEqualTo("WARN");
  }

  private static void assertRefused(HttpResponse<Buffer> response, String why) {
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.bodyAsJsonObject().getString("error")).contains(why);
  }

  private static HttpResponse<Buffer> admin(HttpMethod method, String path, String body) {
    var request = gateway.client.request(method, gateway.sheaf.adminPort(), "127.0.0.1", path);
    return TestGateway.await(body == null ? request.send() : request.sendBuffer(Buffer.buffer(body)));
  }
}

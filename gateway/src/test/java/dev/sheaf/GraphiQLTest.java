package dev.sheaf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.config.GatewayConfig;
import dev.sheaf.config.GraphiQLConfig;
import dev.sheaf.mock.ShopData;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/** The GraphiQL page, served by the gateway with all its assets, in a real headless Chromium. */
class GraphiQLTest {

  static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
  static final String HOME = """
      query Home($id: ID!) {
        user(id: $id) { name tier orders(limit: 3) { id status } }
      }""";

  @RegisterExtension
  static final TestGateway gateway = TestGateway.perClass(GatewayConfig.defaults().withGraphiQL(new GraphiQLConfig(true)));

  // Deleted by the test itself: Chromium's helper processes may outlive it for a moment.
  @TempDir(cleanup = CleanupMode.NEVER)
  Path profile;

  @AfterEach
  void deleteBrowserProfile() throws InterruptedException {
    HeadlessChromium.deleteProfile(profile);
  }

  @Test
  void thePageRunsTheHomeScreenQueryInChromiumWithEveryAssetFromTheGateway() throws Exception {
    String origin = "http://127.0.0.1:" + gateway.sheaf.port();
    String url = origin + "/graphql?query=" + encode(HOME) + "&variables=" + encode("{\"id\": \"42\"}");
    String name = ShopData.user("42").orElseThrow().getString("fullName");

    try (HeadlessChromium chromium = HeadlessChromium.start(gateway.vertx, profile)) {
      TestGateway.await(chromium.navigate(url));
      // GraphiQL is up once its run button is; then run the preset query as a person would.
      inPage(chromium.evaluate(waitFor("document.querySelector('.graphiql-execute-button')")));
      TestGateway.await(chromium.evaluate("document.querySelector('.graphiql-execute-button').click()"));
      String shown = (String) inPage(chromium.evaluate(waitFor(
          "(document.querySelector('.graphiql-response')?.textContent ?? '').replace(/\\u00a0/g, ' ')"
              + ".includes('" + name + "') && document.querySelector('.graphiql-response').textContent"
              + ".replace(/\\u00a0/g, ' ')")));

      assertThat(shown).contains(name).contains("orders");
      assertThat(chromium.requestedUrls).isNotEmpty()
          .allSatisfy(requested -> assertThat(requested).matches(u -> u.startsWith(origin + "/")
              || u.startsWith("blob:") || u.startsWith("data:"), "served by the gateway: " + requested));
      assertThat(chromium.requestedUrls).contains(origin + "/graphiql/graphiql.js", origin + "/graphiql/graphiql.css");
      // The page's queries carry a non-simple content type, so a CSRF check lets them through.
      JsonObject query = chromium.requests.stream()
          .filter(r -> "POST".equals(r.getString("method")) && r.getString("url").equals(origin + "/graphql"))
          .filter(r -> r.getString("postData", "").contains("Home"))
          .findFirst().orElseThrow();
      JsonObject headers = query.getJsonObject("headers");
      assertThat(headers.fieldNames()).filteredOn(h -> h.equalsIgnoreCase("content-type")).singleElement()
          .satisfies(h -> assertThat(headers.getString(h)).startsWith("application/json"));
    }
    assertThat(gateway.mocks.users().calls()).isEqualTo(1);
    assertThat(gateway.mocks.orders().calls()).isEqualTo(1);
  }

  @Test
  void aBrowserGetsThePageAndAGraphQLClientStillGetsGraphQL() {
    var page = gateway.send(HttpMethod.GET, "/graphql", MultiMap.caseInsensitiveMultiMap().add("accept", BROWSER_ACCEPT));
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.getHeader("content-type")).startsWith("text/html");
    assertThat(page.bodyAsString()).contains("graphiql/graphiql.js").doesNotContain("https://");

    var asset = gateway.get("/graphiql/graphiql.js");
    assertThat(asset.statusCode()).isEqualTo(200);
    assertThat(asset.getHeader("content-type")).contains("javascript");

    var query = gateway.send(HttpMethod.GET, "/graphql?query=" + encode("{ user(id: \"42\") { name } }"),
        MultiMap.caseInsensitiveMultiMap().add("accept", "application/graphql-response+json"));
    assertThat(query.statusCode()).isEqualTo(200);
    assertThat(query.bodyAsJsonObject().getJsonObject("data").getJsonObject("user").getString("name"))
        .isEqualTo(ShopData.user("42").orElseThrow().getString("fullName"));
  }

  @Test
  void offByDefault() {
    try (TestGateway plain = TestGateway.start()) {
      var page = plain.send(HttpMethod.GET, "/graphql", MultiMap.caseInsensitiveMultiMap().add("accept", BROWSER_ACCEPT));
      assertThat(page.getHeader("content-type")).doesNotStartWith("text/html");
      assertThat(plain.get("/graphiql/graphiql.js").statusCode()).isEqualTo(404);
    }
  }

  /** Waits for the page longer than for a request: a busy machine may take its time over a 5 MB script. */
  private static Object inPage(io.vertx.core.Future<Object> result) throws Exception {
    return result.await(90, java.util.concurrent.TimeUnit.SECONDS);
  }

  /** A script that resolves to {@code expression}'s value once it is truthy (polling; gives up after 60 s). */
  private static String waitFor(String expression) {
    return """
        new Promise((resolve, reject) => {
          const started = Date.now();
          const poll = () => {
            const value = %s;
            if (value) { resolve(value === true ? true : (typeof value === 'string' ? value : true)); }
            else if (Date.now() - started > 60000) { reject(new Error('timed out waiting for the page')); }
            else { setTimeout(poll, 100); }
          };
          poll();
        })""".formatted(expression);
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}

package dev.sheaf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.mock.Knobs;
import dev.sheaf.mock.inventory.GrpcKnobs;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin port's waterfall of a home-screen request, rendered by headless Chromium: one bar per
 * backend call, the first level's calls overlapping, and the catalog and inventory batches starting
 * together once the recommendations answered. Asserted on the bars' positions in the DOM the browser built.
 */
class WaterfallPageBrowserTest {

  private static final Pattern RECT = Pattern.compile("<rect\\b[^>]*>");
  private static final Pattern ATTRIBUTE = Pattern.compile("([a-z-]+)=\"([^\"]*)\"");
  private static final Pattern SPAN = Pattern.compile("data-span-ms=\"([0-9.]+)\"");
  /** Every backend's latency: what a call that waited for another waits at least. */
  private static final long LATENCY_MS = 60;
  private static final int CHART_WIDTH = 640;

  @RegisterExtension
  static final TestGateway gateway = TestGateway.perClass();

  // Deleted by the test itself: Chromium's helper processes may outlive it for a moment.
  @TempDir(cleanup = CleanupMode.NEVER)
  Path browserProfile;

  @AfterEach
  void deleteBrowserProfile() throws InterruptedException {
    HeadlessChromium.deleteProfile(browserProfile);
  }

  @BeforeAll
  static void warmUp() {
    gateway.query(WaterfallTest.HOME, Map.of("id", "42"));
  }

  record Bar(String backend, double x, double width) {
    double end() {
      return x + width;
    }
  }

  @Test
  void theHomeScreensWaterfallShowsWhatRanTogetherAndWhatWaited() throws Exception {
    // Every backend takes 60 ms, so the two levels are far apart on the chart whatever the machine's load.
    Knobs slow = Knobs.none().withLatency(LATENCY_MS);
    List.of(gateway.mocks.users(), gateway.mocks.orders(), gateway.mocks.recommendations(), gateway.mocks.catalog())
        .forEach(mock -> mock.setKnobs(slow));
    gateway.mocks.inventory().setKnobs(GrpcKnobs.none().withLatency(LATENCY_MS));
    HttpResponse<Buffer> home = null;
    for (int i = 0; i < 5; i++) { // the last of a few, so the code it runs is no longer the interpreter's
      home = gateway.post(new JsonObject().put("query", WaterfallTest.HOME)
          .put("variables", Map.of("id", "42")).toBuffer(), MultiMap.caseInsensitiveMultiMap());
    }
    assertThat(home.bodyAsJsonObject().containsKey("errors")).as(home.bodyAsString()).isFalse();
    String id = home.getHeader("X-Request-Id");

    String dom = dumpDom("http://127.0.0.1:" + gateway.sheaf.adminPort() + "/requests/" + id);

    Map<String, Bar> bars = bars(dom);
    Matcher span = SPAN.matcher(dom);
    assertThat(span.find()).as("the chart's time span").isTrue();
    // Half a backend's latency on the chart: two calls this close started before either could have
    // answered, so neither waited for the other.
    double together = LATENCY_MS / 2.0 / Double.parseDouble(span.group(1)) * CHART_WIDTH;
    assertThat(bars.keySet()).containsExactlyInAnyOrder("users", "orders", "recommendations", "catalog", "inventory");
    List<Bar> levelOne = List.of(bars.get("users"), bars.get("orders"), bars.get("recommendations"));
    for (Bar a : levelOne) {
      for (Bar b : levelOne) {
        // Overlapping: each starts before the other ends.
        assertThat(a.x()).as(a + " overlaps " + b).isLessThan(b.end());
      }
    }
    Bar catalog = bars.get("catalog");
    Bar inventory = bars.get("inventory");
    assertThat(Math.abs(catalog.x() - inventory.x())).as(catalog + " starts with " + inventory)
        .isLessThan(together);
    Bar recommendations = bars.get("recommendations");
    for (Bar batch : List.of(catalog, inventory)) {
      assertThat(batch.x()).as(batch + " waits for " + recommendations).isGreaterThanOrEqualTo(recommendations.end() - 0.2);
      levelOne.forEach(first -> assertThat(batch.x()).as(batch + " after " + first + " started")
          .isGreaterThan(first.x() + together));
    }
  }

  /** The DOM headless Chromium built from the page, serialized. */
  private String dumpDom(String url) throws IOException, InterruptedException {
    Path out = browserProfile.resolve("dom.html");
    Process chromium = new ProcessBuilder("chromium", "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--no-first-run", "--user-data-dir=" + browserProfile.resolve("profile"),
        "--dump-dom", url)
        .redirectOutput(out.toFile())
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    if (!chromium.waitFor(120, TimeUnit.SECONDS)) {
      chromium.destroyForcibly();
      throw new AssertionError("chromium did not render " + url + " within 120 s");
    }
    String dom = Files.readString(out, StandardCharsets.UTF_8);
    assertThat(chromium.exitValue()).as(dom).isZero();
    assertThat(dom).as("the page the browser rendered").contains("<svg");
    return dom;
  }

  private static Map<String, Bar> bars(String dom) {
    Map<String, Bar> bars = new LinkedHashMap<>();
    List<String> seen = new ArrayList<>();
    Matcher rect = RECT.matcher(dom);
    while (rect.find()) {
      Map<String, String> attributes = new LinkedHashMap<>();
      Matcher a = ATTRIBUTE.matcher(rect.group());
      while (a.find()) {
        attributes.put(a.group(1), a.group(2));
      }
      if (!attributes.getOrDefault("class", "").startsWith("bar")) {
        continue;
      }
      String backend = attributes.get("data-backend");
      seen.add(backend);
      bars.put(backend, new Bar(backend, Double.parseDouble(attributes.get("x")),
          Double.parseDouble(attributes.get("width"))));
    }
    assertThat(seen).as("one bar per call").doesNotHaveDuplicates();
    return bars;
  }
}

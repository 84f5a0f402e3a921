package dev.sheaf.insight;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The admin pages escape what clients control (paths of unknown routes) and draw one bar per call. */
class WaterfallPageTest {

  private static final FinishedRequest REQUEST = new FinishedRequest("r-1", null, 0, "GET", "rest",
      "/<img src=x onerror=alert(1)>", null, null, 404, 4_000_000, Outcome.REJECTED, List.of(
          new RecordedCall("users", "GET /users/{args.id}", 0, 2_000_000, "ok", 0, 0, List.of("/user"), 0, null),
          new RecordedCall("catalog", "GET /products", 2_000_000, -1, null, 0, 5, List.of(), 0, "hit")), 0);

  @Test
  void whatAClientSentIsEscaped() {
    String list = WaterfallPage.list(List.of(REQUEST));
    String page = WaterfallPage.waterfall(REQUEST);

    assertThat(list).doesNotContain("<img").contains("&lt;img src=x onerror=alert(1)&gt;");
    assertThat(page).doesNotContain("<img").contains("&lt;img");
  }

  @Test
  void eachCallIsABarPlacedOnTheTimeAxis() {
    String page = WaterfallPage.waterfall(REQUEST);

    // 4 ms across the chart: users from 0 to half of it, catalog (in flight) from the half to the end.
    assertThat(page).contains("data-backend=\"users\" x=\"" + (double) WaterfallPage.LABEL_WIDTH + "\"")
        .contains("width=\"" + WaterfallPage.CHART_WIDTH / 2.0 + "\"")
        .contains("data-backend=\"catalog\" x=\"" + (WaterfallPage.LABEL_WIDTH + WaterfallPage.CHART_WIDTH / 2.0) + "\"")
        .contains("class=\"bar open\"").contains("in flight");
  }
}

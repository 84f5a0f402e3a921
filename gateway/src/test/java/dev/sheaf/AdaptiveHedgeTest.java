package dev.sheaf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.config.GatewayConfig;
import dev.sheaf.mock.Knobs;
import dev.sheaf.mock.MockService;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A hedge after the backend's recent p95: none until the gateway has seen enough of the backend's
 * answers, then a hung call is sent again and the other attempt answers. Counts calls at the mock.
 */
class AdaptiveHedgeTest {

  private static final String RECOMMENDATIONS = "query($id: ID!) { user(id: $id) { recommendations { id } } }";

  @RegisterExtension
  static final TestGateway gateway = TestGateway.perClass(GatewayConfig.defaults())
      .withResolvers(TestGateway.sampleResolvers(text -> text
          .replace("7104}\n    timeout: 300ms", "7104}\n    timeout: 1s\n    circuitBreaker: off\n"
              + "    hedge: { after: p95 }")));

  @Test
  void hedgesAfterTheRecentPercentileOnceItKnowsTheBackend() {
    MockService recommendations = gateway.mocks.recommendations();
    recommendations.setKnobs(Knobs.none().withHang(true));
    JsonObject unknown = gateway.query(RECOMMENDATIONS, Map.of("id", "1"));
    assertThat(unknown.getJsonArray("errors").getJsonObject(0).getJsonObject("extensions").getString("code"))
        .isEqualTo("BACKEND_TIMEOUT");
    assertThat(recommendations.calls()).as("nothing known of the backend yet: no second attempt").isEqualTo(1);

    recommendations.setKnobs(Knobs.none());
    for (int i = 0; i < 20; i++) {
      JsonObject body = gateway.query(RECOMMENDATIONS, Map.of("id", String.valueOf(100 + i)));
      assertThat(body.containsKey("errors")).as(body.encode()).isFalse();
    }
    assertThat(recommendations.calls()).as("answers in time are never hedged").isEqualTo(21);

    recommendations.setKnobs(Knobs.none().withHang(true).withFaultRate(50)); // the 1st hangs, the 2nd answers
    JsonObject hedged = gateway.query(RECOMMENDATIONS, Map.of("id", "42"));

    assertThat(hedged.containsKey("errors")).as(hedged.encode()).isFalse();
    assertThat(hedged.getJsonObject("data").getJsonObject("user").getJsonArray("recommendations")).isNotEmpty();
    assertThat(recommendations.calls()).isEqualTo(23);
  }
}

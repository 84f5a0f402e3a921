package dev.sheaf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.config.GatewayConfig;
import dev.sheaf.mock.Eventually;
import dev.sheaf.mock.Knobs;
import dev.sheaf.mock.MockService;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hedged calls: a call that has not answered after `after` is sent again, the first answer wins and
 * the other attempt is cancelled; no hedge once the backend's budget is spent. Counts calls and
 * calls in flight at the mocks, over the wire.
 */
class HedgeTest {

  private static final String RECOMMENDATIONS = "query($id: ID!) { user(id: $id) { name recommendations { id } } }";
  private static final String PRODUCT = "query($id: ID!) { product(id: $id) { name } }";

  // recommendations: a long timeout, so only a cancelled attempt ends early. catalog: a budget of one
  // hedge (retry settings carry the budget), refilled by 1 % of its calls.
  @RegisterExtension
  static final TestGateway gateway = TestGateway.perClass(GatewayConfig.defaults())
      .withResolvers(TestGateway.sampleResolvers(text -> text
        .replace("7104}\n    timeout: 300ms", "7104}\n    timeout: 20s\n    circuitBreaker: off\n"
            + "    hedge: { after: 100ms }")
        .replace("7103}\n    timeout: 500ms", "7103}\n    timeout: 500ms\n    circuitBreaker: off\n"
            + "    retry: { attempts: 2, budget: 1, burst: 1 }\n    hedge: { after: 100ms }")));

  @Test
  void aCallThatHangsIsSentAgainAndTheOtherAttemptIsCancelledOnceOneAnswers() {
    MockService recommendations = gateway.mocks.recommendations();
    recommendations.setKnobs(Knobs.none().withHang(true).withFaultRate(50)); // the 1st hangs, the 2nd answers

    JsonObject body = gateway.query(RECOMMENDATIONS, Map.of("id", "42"));

    assertThat(body.containsKey("errors")).as(body.encode()).isFalse();
    assertThat(body.getJsonObject("data").getJsonObject("user").getJsonArray("recommendations")).isNotEmpty();
    assertThat(recommendations.calls()).isEqualTo(2);
    // The hung attempt is cancelled when the other answers, long before its 20 s timeout or the 5 s deadline.
    TestGateway.await(Eventually.holds(gateway.vertx, Duration.ofSeconds(3), () -> recommendations.inFlight() == 0));
  }

  @Test
  void onceTheBudgetIsSpentASlowCallIsNotHedged() {
    MockService catalog = gateway.mocks.catalog();
    catalog.setKnobs(Knobs.none().withHang(true));
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("content-type", "application/json");

    for (int i = 0; i < 3; i++) {
      JsonObject body = gateway.post(Buffer.buffer(new JsonObject().put("query", PRODUCT)
          .put("variables", Map.of("id", "p" + i)).encode()), headers).bodyAsJsonObject();
      assertThat(body.getJsonArray("errors").getJsonObject(0).getJsonObject("extensions").getString("code"))
          .isEqualTo("BACKEND_TIMEOUT");
    }

    // The budget's one hedge went to the first request; 1 % of three calls buys no other.
    assertThat(catalog.calls()).isEqualTo(2 + 1 + 1);
  }
}

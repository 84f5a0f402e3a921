package dev.sheaf.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sheaf.config.ConfigException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rate-limit keys: the first expression whose parts all have values names the bucket. */
class RateLimitKeyTest {

  record Request(Map<String, Object> claims, String ip, String operationName, Map<String, String> headers)
      implements RateLimitKey.Source {

    @Override
    public Object claim(String name) {
      return claims.get(name);
    }

    @Override
    public String header(String name) {
      return headers.get(name);
    }
  }

  final RateLimitKey key = RateLimitKey.compile(List.of("claims.client_id + operationName", "headers.x-app", "ip"));

  @Test
  void theFirstExpressionWithAllItsValuesIsTheKey() {
    assertThat(key.render(new Request(Map.of("client_id", "ios"), "10.0.0.1", "Home", Map.of()))).isEqualTo("ios+Home");
    assertThat(key.render(new Request(Map.of("client_id", "ios"), "10.0.0.1", null, Map.of("x-app", "web"))))
        .isEqualTo("web");
    assertThat(key.render(new Request(Map.of(), "10.0.0.1", "Home", Map.of()))).isEqualTo("10.0.0.1");
    assertThat(key.render(new Request(Map.of(), null, null, Map.of()))).as("not limited").isNull();
    assertThat(key.usesOperationName()).isTrue();
  }

  @Test
  void anUnknownPartIsRefusedNamingItAndWhatIsAllowed() {
    assertThatThrownBy(() -> RateLimitKey.compile(List.of("{claims.sub}")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("rateLimit.key: '{claims.sub}' in '{claims.sub}' is not a part of a key; use claims.NAME, ip, "
            + "operationName or headers.NAME, joined with + (e.g. claims.client_id+operationName)");
    assertThatThrownBy(() -> RateLimitKey.compile(List.of("ip+"))).isInstanceOf(ConfigException.class);
  }

  @Test
  void bucketsRefillAtTheRateAndHoldTheBurst() {
    Gcra gcra = new Gcra(100_000, 3); // 10 per second, 3 at once
    long now = 1_000_000_000L;
    long tat = now;
    for (int i = 0; i < 3; i++) {
      Gcra.Step step = gcra.step(tat, now, 10);
      assertThat(step.decision().allowed()).isTrue();
      assertThat(step.decision().remaining()).isEqualTo(2 - i);
      tat = step.newTat();
    }
    Gcra.Step refused = gcra.step(tat, now, 10);
    assertThat(refused.decision().allowed()).isFalse();
    assertThat(refused.decision().retryAfterMillis()).isEqualTo(100);
    assertThat(refused.newTat()).as("a refusal takes no token").isEqualTo(tat);
    assertThat(gcra.step(tat, now + 100_000, 10).decision().allowed()).as("one token back after 100 ms").isTrue();
  }
}

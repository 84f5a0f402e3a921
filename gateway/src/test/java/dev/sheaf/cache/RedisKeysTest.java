package dev.sheaf.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Redis keys of stored answers: equal exactly when the memory store's keys are, and secret-free. */
class RedisKeysTest {

  private static final String NS = "ns";

  private static AnswerKey call(Map<String, String> headers) {
    return new AnswerKey("orders", "GET /users/{source.id}/orders", "/users/42/orders?limit=2", headers, null);
  }

  @Test
  void aCallCarryingAnotherCallersTokenHasAnotherKeyAndTheTokenIsNotInIt() {
    String alice = RedisAnswers.entryKey(NS, call(Map.of("authorization", "Bearer alice-token")));
    String bob = RedisAnswers.entryKey(NS, call(Map.of("authorization", "Bearer bob-token")));

    assertThat(alice).isNotEqualTo(bob).startsWith(RedisAnswers.PREFIX + NS + ":").doesNotContain("alice");
    assertThat(RedisAnswers.entryKey(NS, call(Map.of("authorization", "Bearer alice-token")))).isEqualTo(alice);
  }

  @Test
  void theOrderHeadersWereAddedInDoesNotMatterTheirNamesAndValuesDo() {
    Map<String, String> ab = new LinkedHashMap<>();
    ab.put("accept-language", "fr");
    ab.put("x-tenant", "t1");
    Map<String, String> ba = new LinkedHashMap<>();
    ba.put("x-tenant", "t1");
    ba.put("accept-language", "fr");

    assertThat(RedisAnswers.entryKey(NS, call(ab))).isEqualTo(RedisAnswers.entryKey(NS, call(ba)));
    // The parts are length-prefixed: moving text from a name to a value is another call.
    assertThat(RedisAnswers.entryKey(NS, call(Map.of("ab", "c"))))
        .isNotEqualTo(RedisAnswers.entryKey(NS, call(Map.of("a", "bc"))));
  }

  @Test
  void bodyNamespaceAndEntityKeysAllTellEntriesApart() {
    AnswerKey plain = call(Map.of());
    AnswerKey withBody = new AnswerKey(plain.backend(), plain.route(), plain.target(), Map.of(), Buffer.buffer("{}"));

    assertThat(RedisAnswers.entryKey(NS, plain)).isNotEqualTo(RedisAnswers.entryKey(NS, withBody))
        .isNotEqualTo(RedisAnswers.entryKey("other", plain));
    assertThat(RedisAnswers.entryKey(NS, new EntityKey("catalog", "Product", "p1", Map.of())))
        .isNotEqualTo(RedisAnswers.entryKey(NS, new EntityKey("catalog", "Product", "p2", Map.of())));
  }
}

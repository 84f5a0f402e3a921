package dev.sheaf.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.binding.BackendConfig;
import dev.sheaf.pipeline.CacheExchange;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** How long an answer is kept, from its Cache-Control, Age and validators, as RFC 9111 reads them. */
class LifetimeTest {

  private static final BackendConfig.Cache HEADERS_ONLY = new BackendConfig.Cache(Duration.ZERO, true);
  private static final BackendConfig.Cache TTL_30S = new BackendConfig.Cache(Duration.ofSeconds(30), true);
  private static final long NOW = 1_000_000_000L;

  private static Lifetime of(String cacheControl, String etag, String age, BackendConfig.Cache settings,
                             boolean perCaller) {
    CacheExchange answer = new CacheExchange(false);
    answer.answered(cacheControl, etag, null, age, 10);
    return Lifetime.of(answer, settings, perCaller, NOW);
  }

  private static long freshSeconds(Lifetime lifetime) {
    return TimeUnit.NANOSECONDS.toSeconds(lifetime.freshUntil() - NOW);
  }

  @Test
  void sharedEntriesReadSMaxAgeOverMaxAgeAndPerCallerOnesMaxAge() {
    assertThat(freshSeconds(of("max-age=60, s-maxage=10", null, null, HEADERS_ONLY, false))).isEqualTo(10);
    assertThat(freshSeconds(of("max-age=60, s-maxage=10", null, null, HEADERS_ONLY, true))).isEqualTo(60);
  }

  @Test
  void ageShortensFreshness() {
    assertThat(freshSeconds(of("max-age=60", null, "45", HEADERS_ONLY, false))).isEqualTo(15);
  }

  @Test
  void theTtlAppliesOnlyWhenTheAnswerSaysNothing() {
    assertThat(freshSeconds(of(null, null, null, TTL_30S, false))).isEqualTo(30);
    assertThat(freshSeconds(of("max-age=5", null, null, TTL_30S, false))).isEqualTo(5);
    assertThat(of(null, null, null, HEADERS_ONLY, false)).isNull();
  }

  @Test
  void noStoreAndPrivateWithoutACallerAreNeverKept() {
    assertThat(of("no-store, max-age=60", "\"a\"", null, TTL_30S, true)).isNull();
    assertThat(of("private, max-age=60", null, null, HEADERS_ONLY, false)).isNull();
    assertThat(of("private, max-age=60", null, null, HEADERS_ONLY, true)).isNotNull();
  }

  @Test
  void noCacheIsKeptStaleForRevalidationOnlyWithAValidator() {
    Lifetime withTag = of("no-cache, max-age=60", "\"a\"", null, HEADERS_ONLY, false);
    assertThat(withTag.freshAt(NOW)).isFalse();
    assertThat(withTag.revalidatable()).isTrue();
    assertThat(of("no-cache", null, null, TTL_30S, false)).isNull();
  }

  @Test
  void staleWindowsFollowFreshness() {
    Lifetime lifetime = of("max-age=10, stale-while-revalidate=20, stale-if-error=100", null, null, HEADERS_ONLY,
        false);
    long at15s = NOW + TimeUnit.SECONDS.toNanos(15);
    assertThat(lifetime.freshAt(at15s)).isFalse();
    assertThat(lifetime.servableWhileRevalidating(at15s)).isTrue();
    assertThat(lifetime.servableWhileRevalidating(NOW + TimeUnit.SECONDS.toNanos(31))).isFalse();
    assertThat(lifetime.servableOnError(NOW + TimeUnit.SECONDS.toNanos(109))).isTrue();
  }

  @Test
  void malformedDirectivesMakeAnAnswerStaleNotFresh() {
    assertThat(CacheControl.parse("max-age=soon").maxAge()).isZero();
    assertThat(CacheControl.parse("MAX-AGE=\"7\", Private").maxAge()).isEqualTo(7);
    assertThat(CacheControl.parse("MAX-AGE=\"7\", Private").privateOnly()).isTrue();
  }
}

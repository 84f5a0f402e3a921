package dev.sheaf.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Entity tags and Cache-Control as RFC 9110 and RFC 9111 want them. */
class HttpCachingTest {

  @Test
  void equalBodiesHaveEqualStrongTags() {
    String tag = EntityTag.of("{\"a\":1}");

    assertThat(tag).isEqualTo(EntityTag.of("{\"a\":1}")).isNotEqualTo(EntityTag.of("{\"a\":2}"));
    assertThat(tag).startsWith("\"").endsWith("\"").doesNotStartWith("W/");
  }

  @Test
  void ifNoneMatchComparesWeakly() {
    String tag = EntityTag.of("x");

    assertThat(EntityTag.matches(tag, tag)).isTrue();
    assertThat(EntityTag.matches("W/" + tag, tag)).isTrue();
    assertThat(EntityTag.matches("\"other\", " + tag, tag)).isTrue();
    assertThat(EntityTag.matches("*", tag)).isTrue();
    assertThat(EntityTag.matches("\"other\"", tag)).isFalse();
    assertThat(EntityTag.matches(null, tag)).isFalse();
  }

  @Test
  void credentialsMakeASharedPolicyPrivate() {
    CachePolicy policy = CachePolicy.of("public, max-age=30, s-maxage=300", "Authorization");

    assertThat(policy.cacheControlFor(false)).isEqualTo("public, max-age=30, s-maxage=300");
    assertThat(policy.cacheControlFor(true)).isEqualTo("private, max-age=30");
    assertThat(CachePolicy.of("no-store", "Authorization").cacheControlFor(true)).isEqualTo("no-store");
  }

  @Test
  void withoutConfigurationCachesMustRevalidate() {
    assertThat(CachePolicy.of(null, "Authorization").cacheControl()).isEqualTo("no-cache");
  }

  @Test
  void malformedDirectivesAreRefused() {
    assertThatThrownBy(() -> CachePolicy.of("max-age 30", "Authorization"))
        .hasMessageContaining("'max-age 30' is not a Cache-Control directive");
  }
}

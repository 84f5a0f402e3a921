package dev.sheaf.auth;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BearerTokenTest {

  @Test
  void readsTheBearerSchemeInAnyCase() {
    assertThat(BearerToken.from("Bearer abc.def.ghi", null, null)).isEqualTo("abc.def.ghi");
    assertThat(BearerToken.from("bearer abc", null, null)).isEqualTo("abc");
    assertThat(BearerToken.from("  BEARER   abc  ", null, null)).isEqualTo("abc");
  }

  @Test
  void otherSchemesAndNoHeaderGiveNull() {
    assertThat(BearerToken.from(null, null, null)).isNull();
    assertThat(BearerToken.from("Basic dXNlcjpwYXNz", null, null)).isNull();
    assertThat(BearerToken.from("Bearerabc", null, null)).isNull();
    assertThat(BearerToken.from("", null, null)).isNull();
  }

  @Test
  void emptyBearerCredentialsAreNotAnonymous() {
    assertThat(BearerToken.from("Bearer", null, null)).isEmpty();
    assertThat(BearerToken.from("Bearer   ", null, null)).isEmpty();
  }

  @Test
  void readsTheConfiguredCookieWhenThereIsNoHeader() {
    String cookies = "theme=dark; access_token=abc.def.ghi; other=1";
    assertThat(BearerToken.from(null, cookies, "access_token")).isEqualTo("abc.def.ghi");
    assertThat(BearerToken.from(null, "access_token=\"quoted\"", "access_token")).isEqualTo("quoted");
    assertThat(BearerToken.from(null, cookies, null)).as("cookies only when configured").isNull();
    assertThat(BearerToken.from(null, cookies, "missing")).isNull();
    assertThat(BearerToken.from(null, "my_access_token=x", "access_token")).isNull();
    assertThat(BearerToken.from(null, "access_token=", "access_token")).isNull();
  }

  @Test
  void headerWinsOverCookie() {
    assertThat(BearerToken.from("Bearer from-header", "access_token=from-cookie", "access_token")).isEqualTo("from-header");
  }
}

package dev.sheaf.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MediaTypesTest {

  @Test
  void prefersTheSpecsMediaTypeWhenAcceptedEqually() {
    assertThat(MediaTypes.negotiate("application/json, application/graphql-response+json"))
        .isEqualTo(MediaTypes.GRAPHQL_RESPONSE);
  }

  @Test
  void honoursQualityValues() {
    assertThat(MediaTypes.negotiate("application/graphql-response+json;q=0.5, application/json"))
        .isEqualTo(MediaTypes.JSON);
    assertThat(MediaTypes.negotiate("application/graphql-response+json;q=0")).isNull();
  }

  @Test
  void legacyClientsGetJson() {
    assertThat(MediaTypes.negotiate(null)).isEqualTo(MediaTypes.JSON);
    assertThat(MediaTypes.negotiate("*/*")).isEqualTo(MediaTypes.JSON);
    assertThat(MediaTypes.negotiate("text/html")).isNull();
  }

  @Test
  void requestBodiesMustBeUtf8Json() {
    assertThat(MediaTypes.isJsonRequest("application/json")).isTrue();
    assertThat(MediaTypes.isJsonRequest("application/json; charset=UTF-8")).isTrue();
    assertThat(MediaTypes.isJsonRequest("application/json; charset=latin1")).isFalse();
    assertThat(MediaTypes.isJsonRequest("text/plain")).isFalse();
    assertThat(MediaTypes.isJsonRequest(null)).isFalse();
  }
}

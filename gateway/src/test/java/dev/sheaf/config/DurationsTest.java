package dev.sheaf.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @Test
  void theUsualFormsAreRead() {
    assertThat(Durations.parse("250ms", "k")).isEqualTo(Duration.ofMillis(250));
    assertThat(Durations.parse("2s", "k")).isEqualTo(Duration.ofSeconds(2));
    assertThat(Durations.parse("1.5s", "k")).isEqualTo(Duration.ofMillis(1500));
    assertThat(Durations.parse("2m", "k")).isEqualTo(Duration.ofMinutes(2));
    assertThat(Durations.parse("1m30s", "k")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Durations.parse("1h", "k")).isEqualTo(Duration.ofHours(1));
    assertThat(Durations.parse("1h2m3s4ms", "k")).isEqualTo(Duration.ofMillis(3_723_004));
    assertThat(Durations.parse("0.25h", "k")).isEqualTo(Duration.ofMinutes(15));
  }

  @Test
  void whatWasAcceptedBeforeStillIs() {
    assertThat(Durations.parse("0", "k")).as("zero needs no unit").isZero();
    assertThat(Durations.parse(" 2 s ", "k")).isEqualTo(Duration.ofSeconds(2));
    assertThat(Durations.parse("10m", "k")).isEqualTo(Duration.ofMinutes(10));
  }

  @ParameterizedTest
  @ValueSource(strings = {"soon", "-1s", "1d", "30s1m", "1s1s", "ms", "1.s", "s", "1 h 2", "1e3ms",
      "9999999999ms"})
  void garbageIsRefusedNamingTheKeyAndTheForms(String text) {
    assertThatThrownBy(() -> Durations.parse(text, "sheaf.yaml:3: deadline.default"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("sheaf.yaml:3: deadline.default: '" + text + "' is not a duration")
        .hasMessageContaining("800ms, 1.5s, 1m30s or 1h");
  }

  @ParameterizedTest
  @ValueSource(strings = {"500", "1.5", "00"})
  void aNumberWithoutItsUnitIsRefusedNamingTheForms(String text) {
    assertThatThrownBy(() -> Durations.parse(text, "resolvers/stores.yaml:5: backends.stores.timeout"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("resolvers/stores.yaml:5: backends.stores.timeout: '" + text + "' has no unit; write " + text
            + "ms or " + text + "s, as meant (write it like 800ms, 1.5s, 1m30s or 1h)");
  }

  @Test
  void anEmptyValueAndAnAbsurdlyLongOneAreRefused() {
    assertThatThrownBy(() -> Durations.parse(" ", "timeout")).hasMessage(
        "timeout: a duration is required; write it like 800ms, 1.5s, 1m30s or 1h");
    assertThatThrownBy(() -> Durations.parse("999999999h", "timeout")).hasMessageContaining("longer than any timeout");
  }

  @ParameterizedTest
  @ValueSource(strings = {"250ms", "1.5s", "1m30s", "1h", "2m", "800", "1h2m3s4ms", "soon", "1.5", "30s1m", "ms", "",
      "1d", "1s1s"})
  void theSchemaPatternAgreesWithTheParser(String text) {
    boolean parses;
    try {
      Durations.parse(text, "k");
      parses = true;
    } catch (ConfigException e) {
      parses = false;
    }
    assertThat(Pattern.compile(Durations.SCHEMA_PATTERN).matcher(text).find()).isEqualTo(parses);
  }
}

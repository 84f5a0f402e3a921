package dev.sheaf.mock;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KnobsTest {

  @Test
  void parsesDurationsWithOrWithoutUnit() {
    assertThat(Knobs.parseDurationMillis("10ms")).isEqualTo(10);
    assertThat(Knobs.parseDurationMillis("2s")).isEqualTo(2000);
    assertThat(Knobs.parseDurationMillis("250")).isEqualTo(250);
    assertThatThrownBy(() -> Knobs.parseDurationMillis("-5ms")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Knobs.parseDurationMillis("1m")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void patchChangesOnlyTheGivenFields() {
    Knobs base = Knobs.none().withLatency(10).withHang(true);
    Knobs patched = base.withPatch(new JsonObject().put("errorStatus", "503").put("slowBodyMs", "1s"));
    assertThat(patched).isEqualTo(base.withErrorStatus(503).withSlowBody(1000));
    assertThat(Knobs.fromJson(patched.toJson())).isEqualTo(patched);
  }

  @Test
  void rejectsUnknownFieldsAndBadValuesByName() {
    assertThatThrownBy(() -> Knobs.fromJson(new JsonObject().put("latency", 5)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'latency'");
    assertThatThrownBy(() -> Knobs.fromJson(new JsonObject().put("hang", "yes")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hang");
    assertThatThrownBy(() -> Knobs.fromJson(new JsonObject().put("errorStatus", 200)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("errorStatus");
    assertThatThrownBy(() -> Knobs.none().withLatency(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}

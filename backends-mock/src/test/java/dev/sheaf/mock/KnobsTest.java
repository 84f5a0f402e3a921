package dev.sheaf.mock;

import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.SplittableRandom;
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
  void jitterIsUniformUnlessALongTailIsAskedFor() {
    assertThat(Knobs.none().jitterDistribution()).isEqualTo(JitterDistribution.UNIFORM);
    Knobs tailed = Knobs.none().withPatch(new JsonObject().put("jitterMs", "20ms").put("jitterDistribution", "pareto"));
    assertThat(tailed.jitterDistribution()).isEqualTo(JitterDistribution.PARETO);
    assertThat(tailed.toJson().getString("jitterDistribution")).isEqualTo("pareto");
    assertThat(Knobs.fromJson(tailed.toJson())).isEqualTo(tailed);
    assertThatThrownBy(() -> Knobs.fromJson(new JsonObject().put("jitterDistribution", "normal")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jitterDistribution")
        .hasMessageContaining("pareto");
  }

  @Test
  void paretoJitterHasALongTailAndUniformJitterStaysWithinItsBound() {
    SplittableRandom random = new SplittableRandom(42);
    long[] pareto = new long[100_000];
    long[] uniform = new long[100_000];
    for (int i = 0; i < pareto.length; i++) {
      pareto[i] = JitterDistribution.PARETO.draw(100, random);
      uniform[i] = JitterDistribution.UNIFORM.draw(100, random);
    }
    Arrays.sort(pareto);
    Arrays.sort(uniform);
    // Lomax, shape 2, scale 100: median 41, p90 216, p99 900, capped at 100 x 100.
    assertThat(pareto[50_000]).isBetween(38L, 44L);
    assertThat(pareto[90_000]).isBetween(200L, 232L);
    assertThat(pareto[99_000]).isBetween(800L, 1000L);
    assertThat(pareto[pareto.length - 1]).isLessThanOrEqualTo(10_000L);
    assertThat(uniform[0]).isGreaterThanOrEqualTo(0L);
    assertThat(uniform[uniform.length - 1]).isLessThanOrEqualTo(100L);
    assertThat(uniform[99_000]).isBetween(95L, 100L);
    assertThat(JitterDistribution.PARETO.draw(0, random)).isZero();
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

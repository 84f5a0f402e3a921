package dev.sheaf.mock.inventory;

import dev.sheaf.mock.Knobs;
import io.vertx.core.json.JsonObject;
import io.vertx.grpc.common.GrpcStatus;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The inventory's knobs, data and deadline parsing: pure functions, no server. */
class InventoryKnobsTest {

  @Test
  void patchTakesTheSharedKnobsLikeKnobsAndAStatusByNameOrCode() {
    GrpcKnobs knobs = GrpcKnobs.none().withPatch(new JsonObject()
        .put("latencyMs", "1s").put("jitterMs", 5).put("hang", "true").put("grpcStatus", "permission_denied"));
    assertThat(knobs).isEqualTo(new GrpcKnobs(1000, 5, true, false, GrpcStatus.PERMISSION_DENIED));
    assertThat(GrpcKnobs.fromJson(knobs.toJson())).isEqualTo(knobs);

    assertThat(knobs.withPatch(new JsonObject().put("grpcStatus", 14)).grpcStatus()).isEqualTo(GrpcStatus.UNAVAILABLE);
    assertThat(knobs.withPatch(new JsonObject().put("grpcStatus", "5")).grpcStatus()).isEqualTo(GrpcStatus.NOT_FOUND);
    assertThat(knobs.withPatch(new JsonObject().putNull("grpcStatus")).grpcStatus()).isEqualTo(GrpcStatus.OK);
    assertThat(knobs.withPatch(new JsonObject().put("grpcStatus", "OK")).grpcStatus()).isEqualTo(GrpcStatus.OK);
  }

  @Test
  void patchRejectsRestOnlyKnobsAndBadValues() {
    assertThatThrownBy(() -> GrpcKnobs.none().withPatch(new JsonObject().put("malformedJson", true)))
        .hasMessageContaining("'malformedJson'");
    assertThatThrownBy(() -> GrpcKnobs.none().withPatch(new JsonObject().put("grpcStatus", 99)))
        .hasMessageContaining("grpcStatus");
    assertThatThrownBy(() -> GrpcKnobs.none().withPatch(new JsonObject().put("latencyMs", -1)))
        .hasMessageContaining("latencyMs");
    assertThatThrownBy(() -> GrpcKnobs.none().withPatch(new JsonObject().put("hang", "yes")))
        .hasMessageContaining("hang");
  }

  @Test
  void restKnobsTranslateToGrpc() {
    Knobs rest = Knobs.none().withLatency(7).withJitter(3).withHang(true).withResetConnection(true)
        .withMalformedJson(true).withSlowBody(100);
    assertThat(GrpcKnobs.from(rest)).isEqualTo(new GrpcKnobs(7, 3, true, true, GrpcStatus.OK));
    assertThat(GrpcKnobs.from(Knobs.none().withErrorStatus(503)).grpcStatus()).isEqualTo(GrpcStatus.UNAVAILABLE);
    assertThat(GrpcKnobs.statusForHttp(401)).isEqualTo(GrpcStatus.UNAUTHENTICATED);
    assertThat(GrpcKnobs.statusForHttp(404)).isEqualTo(GrpcStatus.UNIMPLEMENTED);
    assertThat(GrpcKnobs.statusForHttp(500)).isEqualTo(GrpcStatus.UNKNOWN);
  }

  @Test
  void grpcTimeoutIsParsedToWholeMilliseconds() {
    assertThat(RecordedCall.parseGrpcTimeoutMillis("199m")).isEqualTo(199L);
    assertThat(RecordedCall.parseGrpcTimeoutMillis("300000u")).isEqualTo(300L);
    assertThat(RecordedCall.parseGrpcTimeoutMillis("2S")).isEqualTo(2000L);
    assertThat(RecordedCall.parseGrpcTimeoutMillis("1M")).isEqualTo(60_000L);
    assertThat(RecordedCall.parseGrpcTimeoutMillis("1H")).isEqualTo(3_600_000L);
    assertThat(RecordedCall.parseGrpcTimeoutMillis("999999n")).isZero();
    for (String malformed : new String[] {null, "", "10", "10ms", "123456789m", "-5m"}) {
      assertThat(RecordedCall.parseGrpcTimeoutMillis(malformed)).as(String.valueOf(malformed)).isNull();
    }
  }

  @Test
  void stockIsDeterministicPerProduct() {
    assertThat(InventoryData.stock(List.of("p1", "p2", "p1", "p501", "p25")))
        .containsExactly(new InventoryData.Stock("p1", 37, "BER-2"), new InventoryData.Stock("p2", 74, "LIS-3"),
            new InventoryData.Stock("p25", 0, "BER-2"));
    for (int n = 1; n <= 500; n++) {
      assertThat(InventoryData.available(n)).as("p" + n).isBetween(n % 25 == 0 ? 0 : 1, n % 25 == 0 ? 0 : 99);
    }
  }
}

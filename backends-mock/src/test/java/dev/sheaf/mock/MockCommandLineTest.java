package dev.sheaf.mock;

import dev.sheaf.mock.inventory.GrpcKnobs;
import io.vertx.grpc.common.GrpcStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MockCommandLineTest {

  @Test
  void defaultsToFixedPortsOnLoopbackWithoutFaults() {
    MockCommandLine parsed = MockCommandLine.parse();
    assertThat(parsed.options()).isEqualTo(MockOptions.fixedPorts());
    assertThat(parsed.knobsByService()).isEmpty();
  }

  @Test
  void serviceFlagsApplyOnTopOfCommonOnes() {
    MockCommandLine parsed = MockCommandLine.parse(
        "--latency=10ms", "--orders.errorStatus=503", "--catalog.hang", "--host=0.0.0.0", "--random-ports");
    Knobs common = Knobs.none().withLatency(10);
    assertThat(parsed.options()).isEqualTo(new MockOptions("0.0.0.0", false, common));
    assertThat(parsed.knobsByService())
        .containsEntry("orders", common.withErrorStatus(503))
        .containsEntry("catalog", common.withHang(true))
        .hasSize(2);
  }

  @Test
  void rejectsUnknownFlagsServicesAndValues() {
    assertThatThrownBy(() -> MockCommandLine.parse("--latencyy=1")).hasMessageContaining("--latencyy");
    assertThatThrownBy(() -> MockCommandLine.parse("--payments.latency=1")).hasMessageContaining("payments");
    assertThatThrownBy(() -> MockCommandLine.parse("--jitter=soon")).hasMessageContaining("jitterMs");
    assertThatThrownBy(() -> MockCommandLine.parse("users")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void inventoryFlagsAreGrpcKnobsOnTopOfTheCommonOnes() {
    assertThat(MockCommandLine.parse().inventoryKnobs()).isEqualTo(GrpcKnobs.none());
    assertThat(MockCommandLine.parse("--latency=10ms", "--errorStatus=503").inventoryKnobs())
        .isEqualTo(GrpcKnobs.none().withLatency(10).withGrpcStatus(GrpcStatus.UNAVAILABLE));

    MockCommandLine parsed = MockCommandLine.parse(
        "--latency=10ms", "--inventory.grpcStatus=not_found", "--inventory.jitter=5", "--inventory.hang");
    assertThat(parsed.inventoryKnobs()).isEqualTo(
        GrpcKnobs.none().withLatency(10).withJitter(5).withHang(true).withGrpcStatus(GrpcStatus.NOT_FOUND));
    assertThat(parsed.knobsByService()).isEmpty();

    assertThatThrownBy(() -> MockCommandLine.parse("--inventory.errorStatus=503")).hasMessageContaining("--inventory.errorStatus");
    assertThatThrownBy(() -> MockCommandLine.parse("--inventory.grpcStatus=SOMETIMES")).hasMessageContaining("grpcStatus");
    assertThatThrownBy(() -> MockCommandLine.parse("--users.grpcStatus=UNAVAILABLE")).hasMessageContaining("--users.grpcStatus");
  }
}

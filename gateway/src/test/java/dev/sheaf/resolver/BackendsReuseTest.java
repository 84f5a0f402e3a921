package dev.sheaf.resolver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.binding.BackendConfig;
import dev.sheaf.pipeline.CallMetrics;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A reload keeps the client (and its pooled connections) of every backend declared as before. */
class BackendsReuseTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  private static BackendConfig rest(String name, Duration timeout) {
    return new BackendConfig(name, URI.create("http://127.0.0.1:1"), null, timeout, 4, List.of(), false, Map.of(),
        BackendConfig.DEFAULT_MAX_RESPONSE_BYTES);
  }

  @Test
  void unchangedBackendsKeepTheirClientsAndChangedOnesGetNewOnes() {
    Backends before = new Backends(vertx, Map.of("users", rest("users", Duration.ofSeconds(1)),
        "orders", rest("orders", Duration.ofSeconds(1))));

    Backends after = new Backends(vertx, Map.of("users", rest("users", Duration.ofSeconds(1)),
        "orders", rest("orders", Duration.ofSeconds(2))), before, CallMetrics.OFF);

    assertThat(after.sharesClient("users", before)).isTrue();
    assertThat(after.rest("users")).isSameAs(before.rest("users"));
    assertThat(after.sharesPipeline("users", before)).isTrue();
    assertThat(after.sharesClient("orders", before)).isFalse();
    assertThat(after.sharesPipeline("orders", before)).isFalse();
    assertThat(after.rest("orders").config().timeout()).isEqualTo(Duration.ofSeconds(2));
    before.closeUnusedBy(after); // closes the old orders client only
    after.close();
  }
}

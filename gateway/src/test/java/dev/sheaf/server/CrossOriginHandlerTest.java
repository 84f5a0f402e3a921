package dev.sheaf.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.net.HostAndPort;
import org.junit.jupiter.api.Test;

class CrossOriginHandlerTest {

  @Test
  void anOriginIsTheGatewaysOwnWhenHostAndEffectivePortMatch() {
    assertThat(CrossOriginHandler.isSameOrigin("https://shop.example.com", HostAndPort.authority("Shop.Example.com"))).isTrue();
    assertThat(CrossOriginHandler.isSameOrigin("https://shop.example.com", HostAndPort.authority("shop.example.com", 443))).isTrue();
    assertThat(CrossOriginHandler.isSameOrigin("http://localhost:4000", HostAndPort.authority("localhost", 4000))).isTrue();

    assertThat(CrossOriginHandler.isSameOrigin("http://localhost:3000", HostAndPort.authority("localhost", 4000))).isFalse();
    assertThat(CrossOriginHandler.isSameOrigin("https://evil.example", HostAndPort.authority("shop.example.com"))).isFalse();
    assertThat(CrossOriginHandler.isSameOrigin("null", HostAndPort.authority("shop.example.com"))).isFalse();
    assertThat(CrossOriginHandler.isSameOrigin("https://shop.example.com", null)).isFalse();
  }
}

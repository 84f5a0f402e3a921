package dev.sheaf.mock;

import dev.sheaf.mock.inventory.InventoryMock;

import java.util.Objects;

/**
 * How to start the {@link MockBackends}.
 *
 * <p>With {@code usesFixedPorts} the services listen on their documented ports, which the README demo
 * and the perf harness rely on:
 * <ul>
 *   <li>users: 7101</li>
 *   <li>orders: 7102</li>
 *   <li>catalog: 7103</li>
 *   <li>recommendations: 7104</li>
 *   <li>inventory (gRPC, and its {@code /_mock} admin API): 7105</li>
 * </ul>
 * Otherwise every service binds port 0 and the operating system picks a free one, so that tests can
 * run in parallel; read the port back from {@link MockBackend#port()}.
 *
 * @param host           the address to bind, e.g. {@code 127.0.0.1}
 * @param usesFixedPorts listen on the documented ports rather than random free ones (not named
 *                       {@code fixedPorts}: its accessor would clash with {@link #fixedPorts()})
 * @param initialKnobs   the knobs every service starts with, and returns to on {@code POST /_mock/reset};
 *                       the gRPC inventory gets their gRPC equivalent
 *                       ({@link dev.sheaf.mock.inventory.GrpcKnobs#from(Knobs)})
 * @param tls            how every service speaks TLS; null for cleartext (HTTP/1.1 and h2c)
 */
public record MockOptions(String host, boolean usesFixedPorts, Knobs initialKnobs, MockTls tls) {

  private static final String LOOPBACK = "127.0.0.1";

  public MockOptions {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(initialKnobs, "initialKnobs");
  }

  /** Cleartext services. */
  public MockOptions(String host, boolean usesFixedPorts, Knobs initialKnobs) {
    this(host, usesFixedPorts, initialKnobs, null);
  }

  /** Loopback, a random free port per service, no faults: what tests want. */
  public static MockOptions randomPorts() {
    return new MockOptions(LOOPBACK, false, Knobs.none());
  }

  /** Loopback, the documented fixed ports, no faults: what the demo and perf harness want. */
  public static MockOptions fixedPorts() {
    return new MockOptions(LOOPBACK, true, Knobs.none());
  }

  public MockOptions withKnobs(Knobs knobs) {
    return new MockOptions(host, usesFixedPorts, knobs, tls);
  }

  public MockOptions withHost(String newHost) {
    return new MockOptions(newHost, usesFixedPorts, initialKnobs, tls);
  }

  /** Every service over TLS: REST base URLs become {@code https://}, the inventory speaks gRPC over TLS. */
  public MockOptions withTls(MockTls newTls) {
    return new MockOptions(host, usesFixedPorts, initialKnobs, newTls);
  }

  int portFor(ShopService service) {
    return usesFixedPorts ? service.fixedPort() : 0;
  }

  int inventoryPort() {
    return usesFixedPorts ? InventoryMock.FIXED_PORT : 0;
  }
}

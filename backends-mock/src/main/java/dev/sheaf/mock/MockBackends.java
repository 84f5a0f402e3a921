package dev.sheaf.mock;

import dev.sheaf.mock.inventory.GrpcKnobs;
import dev.sheaf.mock.inventory.InventoryMock;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The five services of the sample shop, each on its own server, sharing one Vert.x instance that the
 * caller owns and closes: four REST services (users, orders, catalog, recommendations) and the gRPC
 * inventory.
 *
 * <pre>{@code
 * MockBackends.start(vertx, MockOptions.randomPorts()).onSuccess(backends -> {
 *   backends.catalog().setKnobs(Knobs.none().withLatency(50));
 *   String usersUrl = backends.users().baseUrl();
 *   String inventoryAddress = backends.inventory().address();  // host:port, gRPC
 * });
 * }</pre>
 */
public final class MockBackends implements AutoCloseable {

  private static final long CLOSE_TIMEOUT_SECONDS = 10;

  private final Map<String, MockService> services;
  private final InventoryMock inventory;
  private final InFlightGauge allServices;

  private MockBackends(List<MockService> started, InventoryMock inventory, InFlightGauge allServices) {
    this.services = new LinkedHashMap<>();
    started.forEach(service -> services.put(service.name(), service));
    this.inventory = inventory;
    this.allServices = allServices;
  }

  /** Starts the five services, every one with {@code options.initialKnobs()} (see {@link GrpcKnobs#from}). */
  public static Future<MockBackends> start(Vertx vertx, MockOptions options) {
    return start(vertx, options, Map.of());
  }

  /**
   * Starts the five services; the REST services named in {@code knobsByService} start with (and
   * reset to) those knobs instead of {@code options.initialKnobs()}.
   *
   * @throws IllegalArgumentException if {@code knobsByService} names anything but a REST service
   */
  public static Future<MockBackends> start(Vertx vertx, MockOptions options, Map<String, Knobs> knobsByService) {
    return start(vertx, options, knobsByService, GrpcKnobs.from(options.initialKnobs()));
  }

  /**
   * Like {@link #start(Vertx, MockOptions, Map)}, with the gRPC inventory starting with (and resetting
   * to) {@code inventoryKnobs}. If any service cannot start (say its fixed port is taken), the others
   * are closed again and the future fails.
   *
   * @throws IllegalArgumentException if {@code knobsByService} names anything but a REST service
   */
  public static Future<MockBackends> start(Vertx vertx, MockOptions options, Map<String, Knobs> knobsByService,
                                           GrpcKnobs inventoryKnobs) {
    knobsByService.keySet().forEach(MockBackends::requireRestService);
    InFlightGauge allServices = new InFlightGauge();
    List<Future<MockService>> starting = Arrays.stream(ShopService.values())
        .map(kind -> MockService.start(vertx, kind, options.host(), options.portFor(kind),
            knobsByService.getOrDefault(kind.serviceName(), options.initialKnobs()), allServices, options.tls()))
        .toList();
    Future<InventoryMock> startingInventory =
        InventoryMock.start(vertx, options.host(), options.inventoryPort(), inventoryKnobs, allServices, options.tls());
    List<Future<?>> all = new ArrayList<>(starting);
    all.add(startingInventory);
    // join, not all: wait for every attempt to settle so that none is left running on failure.
    return Future.join(all).transform(result -> {
      List<MockService> started = starting.stream().filter(Future::succeeded).map(Future::result).toList();
      if (result.succeeded()) {
        return Future.succeededFuture(new MockBackends(started, startingInventory.result(), allServices));
      }
      return stopAll(started, startingInventory.succeeded() ? startingInventory.result() : null)
          .transform(ignored -> Future.failedFuture(result.cause()));
    });
  }

  public MockService users() {
    return services.get(ShopService.USERS.serviceName());
  }

  public MockService orders() {
    return services.get(ShopService.ORDERS.serviceName());
  }

  public MockService catalog() {
    return services.get(ShopService.CATALOG.serviceName());
  }

  public MockService recommendations() {
    return services.get(ShopService.RECOMMENDATIONS.serviceName());
  }

  /** The gRPC inventory service. */
  public InventoryMock inventory() {
    return inventory;
  }

  /**
   * @param name "users", "orders", "catalog", "recommendations" or "inventory"; use the typed
   *             accessors ({@link #users()}, {@link #inventory()}...) to reach a service's knobs
   * @throws IllegalArgumentException for any other name
   */
  public MockBackend service(String name) {
    if (name.equals(InventoryMock.NAME)) {
      return inventory;
    }
    if (ShopService.named(name).isEmpty()) {
      throw new IllegalArgumentException("unknown service '" + name + "'; expected one of " + allNames());
    }
    return services.get(name);
  }

  /** In the order users, orders, catalog, recommendations, inventory. */
  public List<MockBackend> all() {
    List<MockBackend> all = new ArrayList<>(services.values());
    all.add(inventory);
    return List.copyOf(all);
  }

  /** The most calls that were in flight at once across all five services together. */
  public int maxInFlightTotal() {
    return allServices.max();
  }

  /** {@link MockBackend#resetStats()} on every service, and restarts {@link #maxInFlightTotal()}. */
  public void resetStats() {
    all().forEach(MockBackend::resetStats);
    allServices.resetMax();
  }

  /** Sets these knobs on every REST service, and {@link GrpcKnobs#from(Knobs) their gRPC equivalent} on the inventory. */
  public void setKnobsForAll(Knobs knobs) {
    services.values().forEach(service -> service.setKnobs(knobs));
    inventory.setKnobs(GrpcKnobs.from(knobs));
  }

  /** Stops the five servers, closing their connections; the Vert.x instance stays up. */
  public Future<Void> closeAsync() {
    return stopAll(List.copyOf(services.values()), inventory);
  }

  /**
   * Blocks until the servers are closed (at most 10 s). For test and main threads only: calling it
   * on a Vert.x thread would block the very event loop that has to do the closing, so that throws.
   * Use {@link #closeAsync()} there.
   */
  @Override
  public void close() {
    if (Context.isOnVertxThread()) {
      throw new IllegalStateException("close() blocks; on a Vert.x thread use closeAsync()");
    }
    try {
      closeAsync().toCompletionStage().toCompletableFuture().get(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while closing the mock backends", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("could not close the mock backends", e);
    }
  }

  /** @param inventory {@code null} if it did not start */
  private static Future<Void> stopAll(List<MockService> services, InventoryMock inventory) {
    List<Future<Void>> stopping = new ArrayList<>();
    services.forEach(service -> stopping.add(service.stop()));
    if (inventory != null) {
      stopping.add(inventory.stop());
    }
    return Future.join(stopping).mapEmpty();
  }

  private static void requireRestService(String name) {
    if (ShopService.named(name).isEmpty()) {
      String hint = name.equals(InventoryMock.NAME) ? " (the inventory's knobs are GrpcKnobs, passed on their own)" : "";
      throw new IllegalArgumentException(
          "unknown REST service '" + name + "'" + hint + "; expected one of " + ShopService.allNames());
    }
  }

  private static String allNames() {
    return ShopService.allNames() + ", " + InventoryMock.NAME;
  }
}

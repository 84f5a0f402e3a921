package dev.sheaf.mock;

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
 * The four services of the sample shop (users, orders, catalog, recommendations), each on its own
 * HTTP server, sharing one Vert.x instance that the caller owns and closes.
 *
 * <pre>{@code
 * MockBackends.start(vertx, MockOptions.randomPorts()).onSuccess(backends -> {
 *   backends.catalog().setKnobs(Knobs.none().withLatency(50));
 *   String usersUrl = backends.users().baseUrl();
 * });
 * }</pre>
 */
public final class MockBackends implements AutoCloseable {

  private static final long CLOSE_TIMEOUT_SECONDS = 10;

  private final Map<String, MockService> services;
  private final InFlightGauge allServices;

  private MockBackends(List<MockService> started, InFlightGauge allServices) {
    this.services = new LinkedHashMap<>();
    started.forEach(service -> services.put(service.name(), service));
    this.allServices = allServices;
  }

  /** Starts the four services, every one with {@code options.initialKnobs()}. */
  public static Future<MockBackends> start(Vertx vertx, MockOptions options) {
    return start(vertx, options, Map.of());
  }

  /**
   * Starts the four services; those named in {@code knobsByService} start with (and reset to) those
   * knobs instead of {@code options.initialKnobs()}. If any service cannot start (say its fixed
   * port is taken), the others are closed again and the future fails.
   *
   * @throws IllegalArgumentException if {@code knobsByService} names an unknown service
   */
  public static Future<MockBackends> start(Vertx vertx, MockOptions options, Map<String, Knobs> knobsByService) {
    knobsByService.keySet().forEach(MockBackends::requireKnown);
    InFlightGauge allServices = new InFlightGauge();
    List<Future<MockService>> starting = Arrays.stream(ShopService.values())
        .map(kind -> MockService.start(vertx, kind, options.host(), options.portFor(kind),
            knobsByService.getOrDefault(kind.serviceName(), options.initialKnobs()), allServices))
        .toList();
    // join, not all: wait for every attempt to settle so that none is left running on failure.
    return Future.join(starting).transform(result -> {
      List<MockService> started = starting.stream().filter(Future::succeeded).map(Future::result).toList();
      if (result.succeeded()) {
        return Future.succeededFuture(new MockBackends(started, allServices));
      }
      return stopAll(started).transform(ignored -> Future.failedFuture(result.cause()));
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

  /**
   * @param name "users", "orders", "catalog" or "recommendations"
   * @throws IllegalArgumentException for any other name
   */
  public MockService service(String name) {
    requireKnown(name);
    return services.get(name);
  }

  /** In the order users, orders, catalog, recommendations. */
  public List<MockService> all() {
    return List.copyOf(services.values());
  }

  /** The most requests that were in flight at once across all four services together. */
  public int maxInFlightTotal() {
    return allServices.max();
  }

  /** {@link MockService#resetStats()} on every service, and restarts {@link #maxInFlightTotal()}. */
  public void resetStats() {
    services.values().forEach(MockService::resetStats);
    allServices.resetMax();
  }

  public void setKnobsForAll(Knobs knobs) {
    services.values().forEach(service -> service.setKnobs(knobs));
  }

  /** Stops the four servers, closing their connections; the Vert.x instance stays up. */
  public Future<Void> closeAsync() {
    return stopAll(all());
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

  private static Future<Void> stopAll(List<MockService> services) {
    List<Future<Void>> stopping = new ArrayList<>();
    services.forEach(service -> stopping.add(service.stop()));
    return Future.join(stopping).mapEmpty();
  }

  private static void requireKnown(String name) {
    if (ShopService.named(name).isEmpty()) {
      throw new IllegalArgumentException(
          "unknown service '" + name + "'; expected one of " + ShopService.allNames());
    }
  }
}

package dev.sheaf.mock;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** The four services of the sample shop: their names, fixed ports and endpoints. */
enum ShopService {
  USERS("users", 7101, UsersEndpoints::new),
  ORDERS("orders", 7102, OrdersEndpoints::new),
  CATALOG("catalog", 7103, CatalogEndpoints::new),
  RECOMMENDATIONS("recommendations", 7104, RecommendationsEndpoints::new);

  private final String serviceName;
  private final int fixedPort;
  private final Supplier<ShopEndpoints> endpoints;

  ShopService(String serviceName, int fixedPort, Supplier<ShopEndpoints> endpoints) {
    this.serviceName = serviceName;
    this.fixedPort = fixedPort;
    this.endpoints = endpoints;
  }

  String serviceName() {
    return serviceName;
  }

  int fixedPort() {
    return fixedPort;
  }

  /** A fresh instance: each running service owns its own in-memory state. */
  ShopEndpoints newEndpoints() {
    return endpoints.get();
  }

  static Optional<ShopService> named(String name) {
    return Arrays.stream(values()).filter(service -> service.serviceName.equals(name)).findFirst();
  }

  static String allNames() {
    return Arrays.stream(values()).map(ShopService::serviceName).collect(Collectors.joining(", "));
  }
}

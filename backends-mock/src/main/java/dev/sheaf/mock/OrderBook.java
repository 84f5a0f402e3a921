package dev.sheaf.mock;

import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The orders service's in-memory state: orders placed and orders cancelled since the last reset,
 * layered over the seeded orders of {@link ShopData#orders(String)}.
 */
final class OrderBook {

  private static final Pattern ORDER_ID = Pattern.compile("o-(\\d+)-([1-9]\\d{0,8})");

  /** Per user number, newest first; lists are immutable and replaced atomically. */
  private final Map<Integer, List<JsonObject>> placedByUser = new ConcurrentHashMap<>();
  private final Set<String> cancelledIds = ConcurrentHashMap.newKeySet();

  /** Placed orders first, then the seeded ones, newest first in each; empty for an unknown user. */
  List<JsonObject> ordersOf(String userId) {
    OptionalInt user = ShopData.userNumber(userId);
    if (user.isEmpty()) {
      return List.of();
    }
    List<JsonObject> orders = new ArrayList<>();
    placedByUser.getOrDefault(user.getAsInt(), List.of()).forEach(order -> orders.add(order.copy()));
    orders.addAll(ShopData.orders(userId));
    orders.stream().filter(order -> cancelledIds.contains(order.getString("id")))
        .forEach(order -> order.put("status", "CANCELLED"));
    return orders;
  }

  /** Records a new order for an existing user and returns it. */
  JsonObject place(int userNumber, BigDecimal total) {
    List<JsonObject> placed = placedByUser.compute(userNumber, (user, previous) -> {
      List<JsonObject> orders = previous == null ? List.of() : previous;
      List<JsonObject> updated = new ArrayList<>(orders.size() + 1);
      updated.add(ShopData.placedOrder(userNumber, ShopData.ORDERS_PER_USER + orders.size() + 1, total));
      updated.addAll(orders);
      return List.copyOf(updated);
    });
    return placed.get(0).copy();  // the newest is first
  }

  /** Cancels an existing order (again, if it already was); empty if there is no such order. */
  Optional<JsonObject> cancel(String orderId) {
    if (!exists(orderId)) {
      return Optional.empty();
    }
    cancelledIds.add(orderId);
    return Optional.of(new JsonObject().put("id", orderId).put("status", "CANCELLED"));
  }

  void clear() {
    placedByUser.clear();
    cancelledIds.clear();
  }

  private boolean exists(String orderId) {
    Matcher matcher = ORDER_ID.matcher(orderId);
    if (!matcher.matches()) {
      return false;
    }
    OptionalInt user = ShopData.userNumber(matcher.group(1));
    if (user.isEmpty()) {
      return false;
    }
    List<JsonObject> placed = placedByUser.getOrDefault(user.getAsInt(), List.of());
    return Integer.parseInt(matcher.group(2)) <= ShopData.ORDERS_PER_USER + placed.size();
  }
}

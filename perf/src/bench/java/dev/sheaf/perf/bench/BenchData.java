package dev.sheaf.perf.bench;

import dev.sheaf.mock.ShopData;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;

/** Backend answers and gateway results the benchmarks work on, as the mocks and the gateway send them. */
final class BenchData {

  private BenchData() {
  }

  /** What a backend sends, by name: user, orders, catalog4, catalog100, items2000 (≈ 1 MB). */
  static byte[] backendAnswer(String name) {
    JsonObject json = switch (name) {
      case "user" -> ShopData.user("42").orElseThrow();
      case "orders" -> new JsonObject().put("orders", new JsonArray(ShopData.orders("42").subList(0, 3)));
      case "catalog4" -> products(ShopData.recommendedProductIds("42").size(), true);
      case "catalog100" -> products(100, false);
      case "items2000" -> items(2000);
      default -> throw new IllegalArgumentException(name);
    };
    return json.encode().getBytes(StandardCharsets.UTF_8);
  }

  private static JsonObject products(int count, boolean recommended) {
    JsonArray products = new JsonArray();
    var ids = recommended ? ShopData.recommendedProductIds("42") : null;
    for (int i = 0; i < count; i++) {
      products.add(ShopData.product(recommended ? ids.get(i) : "p" + (i + 1)).orElseThrow());
    }
    return new JsonObject().put("products", products);
  }

  /** The perf mock's large answer (dev.sheaf.mock.perf.PerfEndpoints), rebuilt here. */
  static JsonObject items(int count) {
    String description = "A sturdy, well-made item for everyday use. ".repeat(9);
    JsonArray items = new JsonArray();
    for (int i = 1; i <= count; i++) {
      items.add(new JsonObject()
          .put("id", "item-" + i)
          .put("name", "Perf item number " + i)
          .put("description", description)
          .put("price", (i * 7919 % 9500 + 499) / 100.0)
          .put("tags", new JsonArray().add("perf").add("bulk").add("tag-" + (i % 10))));
    }
    return new JsonObject().put("items", items);
  }

  /** The {@code data} of the home screen query's result, for user 42. */
  static JsonObject homeData() {
    JsonArray recommendations = new JsonArray();
    for (String id : ShopData.recommendedProductIds("42")) {
      JsonObject p = ShopData.product(id).orElseThrow();
      recommendations.add(new JsonObject().put("id", id).put("name", p.getString("name")).put("price", p.getDouble("price"))
          .put("stock", new JsonObject().put("available", 42).put("warehouse", "AMS-1")));
    }
    JsonArray orders = new JsonArray();
    ShopData.orders("42").subList(0, 3).forEach(o -> orders.add(new JsonObject()
        .put("id", o.getString("id")).put("total", o.getDouble("total")).put("status", o.getString("status"))));
    JsonObject user = ShopData.user("42").orElseThrow();
    return new JsonObject().put("user", new JsonObject()
        .put("name", user.getString("fullName"))
        .put("tier", user.getString("tier"))
        .put("orders", orders)
        .put("recommendations", recommendations));
  }
}

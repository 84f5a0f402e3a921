package dev.sheaf.mock;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * {@code GET /users/{userId}/orders?limit=N}, {@code POST /users/{userId}/orders} and
 * {@code DELETE /orders/{orderId}}, over an in-memory {@link OrderBook}.
 */
final class OrdersEndpoints implements ShopEndpoints {

  static final int DEFAULT_LIMIT = 10;

  private final OrderBook book = new OrderBook();

  @Override
  public void mount(Router router, ReplyWriter replies) {
    router.get("/users/:userId/orders").handler(replies.handler(this::listOrders));
    router.post("/users/:userId/orders").handler(replies.handler(this::placeOrder));
    router.delete("/orders/:orderId").handler(replies.handler(this::cancelOrder));
  }

  @Override
  public void resetState() {
    book.clear();
  }

  /** An unknown user has no orders rather than being an error: that is how a list endpoint behaves. */
  private Reply listOrders(RoutingContext ctx) {
    int limit = limit(ctx.queryParam("limit"));
    List<JsonObject> orders = book.ordersOf(ctx.pathParam("userId"));
    List<JsonObject> page = orders.subList(0, Math.min(limit, orders.size()));
    return Reply.ok(new JsonObject().put("orders", new JsonArray(new ArrayList<>(page))));
  }

  private Reply placeOrder(RoutingContext ctx) {
    OptionalInt user = ShopData.userNumber(ctx.pathParam("userId"));
    if (user.isEmpty()) {
      return Reply.notFound("user not found");
    }
    List<String> productIds = productIds(JsonBodies.object(ctx));
    BigDecimal total = ShopData.orderTotal(productIds)
        .orElseThrow(() -> new InvalidRequestException("productIds contains an unknown product"));
    return Reply.created(book.place(user.getAsInt(), total));
  }

  private Reply cancelOrder(RoutingContext ctx) {
    return book.cancel(ctx.pathParam("orderId"))
        .map(Reply::ok)
        .orElseGet(() -> Reply.notFound("order not found"));
  }

  private static int limit(List<String> values) {
    if (values.isEmpty()) {
      return DEFAULT_LIMIT;
    }
    String value = values.get(0);
    if (!value.matches("[1-9]\\d{0,8}")) {
      throw new InvalidRequestException("limit must be a positive integer");
    }
    return Integer.parseInt(value);
  }

  private static List<String> productIds(JsonObject body) {
    if (body.getValue("productIds") instanceof JsonArray ids && !ids.isEmpty()
        && ids.stream().allMatch(String.class::isInstance)) {
      return ids.stream().map(String.class::cast).toList();
    }
    throw new InvalidRequestException("body must be {\"productIds\": [\"p1\", ...]} with at least one id");
  }
}

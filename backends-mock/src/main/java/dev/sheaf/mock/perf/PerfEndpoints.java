package dev.sheaf.mock.perf;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Endpoints only the perf harness ({@code perf/}) needs, next to the shop's mocks:
 * <ul>
 *   <li>{@code GET /perf/product-ids?count=N}: {@code {"productIds":["p1",…,"pN"]}} (N ≤ 500, every id a
 *       catalog product), the keys of a list whose items are then looked up in one batch;</li>
 *   <li>{@code GET /perf/items?count=N}: {@code {"items":[…]}}, N items of about 500 bytes each, for a
 *       large response (2000 items ≈ 1 MB);</li>
 *   <li>{@code GET /_mock/stats}: {@code {"calls":n}}.</li>
 * </ul>
 * Every answer is delayed by the fixed latency (a timer, never a sleep). Bodies are computed once per
 * {@code count} and cached, so the mock spends its CPU on HTTP, not on building JSON.
 */
final class PerfEndpoints {

  static final int MAX_PRODUCT_IDS = 500;
  static final int MAX_ITEMS = 20_000;
  private static final String DESCRIPTION = ("A sturdy, well-made item for everyday use. ").repeat(9);

  private final long latencyMs;
  private final AtomicLong calls = new AtomicLong();
  private final Map<Integer, Buffer> productIdBodies = new ConcurrentHashMap<>();
  private final Map<Integer, Buffer> itemBodies = new ConcurrentHashMap<>();

  PerfEndpoints(long latencyMs) {
    this.latencyMs = latencyMs;
  }

  Router router(io.vertx.core.Vertx vertx) {
    Router router = Router.router(vertx);
    router.get("/_mock/stats").handler(ctx -> json(ctx, 200, Buffer.buffer(
        new JsonObject().put("calls", calls.get()).encode())));
    router.get("/perf/product-ids").handler(ctx ->
        answer(ctx, MAX_PRODUCT_IDS, productIdBodies, PerfEndpoints::productIds));
    router.get("/perf/items").handler(ctx -> answer(ctx, MAX_ITEMS, itemBodies, PerfEndpoints::items));
    router.route().handler(ctx -> json(ctx, 404, Buffer.buffer("{\"error\":\"not found\"}")));
    return router;
  }

  private void answer(RoutingContext ctx, int max, Map<Integer, Buffer> cache, IntFunction<JsonObject> body) {
    calls.incrementAndGet();
    int count;
    try {
      count = Integer.parseInt(ctx.request().getParam("count", "100"));
    } catch (NumberFormatException e) {
      count = -1;
    }
    if (count < 1 || count > max) {
      json(ctx, 400, Buffer.buffer("{\"error\":\"count must be in 1.." + max + "\"}"));
      return;
    }
    Buffer bytes = cache.computeIfAbsent(count, n -> body.apply(n).toBuffer());
    if (latencyMs == 0) {
      json(ctx, 200, bytes);
      return;
    }
    ctx.vertx().setTimer(latencyMs, id -> json(ctx, 200, bytes));
  }

  private static void json(RoutingContext ctx, int status, Buffer body) {
    if (ctx.response().closed()) {
      return;
    }
    ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body);
  }

  private static JsonObject productIds(int count) {
    JsonArray ids = new JsonArray();
    for (int i = 1; i <= count; i++) {
      ids.add("p" + i);
    }
    return new JsonObject().put("productIds", ids);
  }

  private static JsonObject items(int count) {
    JsonArray items = new JsonArray();
    for (int i = 1; i <= count; i++) {
      items.add(new JsonObject()
          .put("id", "item-" + i)
          .put("name", "Perf item number " + i)
          .put("description", DESCRIPTION)
          .put("price", (i * 7919 % 9500 + 499) / 100.0)
          .put("tags", new JsonArray().add("perf").add("bulk").add("tag-" + (i % 10))));
    }
    return new JsonObject().put("items", items);
  }
}

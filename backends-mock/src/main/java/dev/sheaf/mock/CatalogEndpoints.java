package dev.sheaf.mock;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** {@code GET /products/{id}} and the batch lookup {@code GET /products?ids=p1,p2}. */
final class CatalogEndpoints implements ShopEndpoints {

  @Override
  public void mount(Router router, ReplyWriter replies) {
    router.get("/products/:productId").handler(replies.handler(CatalogEndpoints::getProduct));
    router.get("/products").handler(replies.handler(CatalogEndpoints::getProducts));
  }

  private static Reply getProduct(RoutingContext ctx) {
    return ShopData.product(ctx.pathParam("productId"))
        .map(Reply::ok)
        .orElseGet(() -> Reply.notFound("product not found"));
  }

  /**
   * Unknown ids are left out and duplicates appear once. The products come back in the REVERSE
   * order of the request, on purpose: a client must match results to keys by id, not by position.
   */
  private static Reply getProducts(RoutingContext ctx) {
    List<String> params = ctx.queryParam("ids");
    if (params.isEmpty()) {
      throw new InvalidRequestException("ids query parameter is required, e.g. ?ids=p1,p2");
    }
    List<JsonObject> found = new ArrayList<>();
    requestedIds(params).forEach(id -> ShopData.product(id).ifPresent(found::add));
    Collections.reverse(found);
    return Reply.ok(new JsonObject().put("products", new JsonArray(new ArrayList<>(found))));
  }

  /** Accepts both {@code ?ids=p1,p2} and {@code ?ids=p1&ids=p2}; first occurrence wins. */
  private static Set<String> requestedIds(List<String> params) {
    Set<String> ids = new LinkedHashSet<>();
    params.forEach(param -> Arrays.stream(param.split(","))
        .map(String::trim)
        .filter(id -> !id.isEmpty())
        .forEach(ids::add));
    return ids;
  }
}

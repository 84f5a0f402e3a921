package dev.sheaf.mock;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /users/{userId}/recommendations}: the ids of {@link ShopData#recommendedProductIds(String)}. */
final class RecommendationsEndpoints implements ShopEndpoints {

  @Override
  public void mount(Router router, ReplyWriter replies) {
    router.get("/users/:userId/recommendations").handler(replies.handler(RecommendationsEndpoints::recommend));
  }

  /** An unknown user simply gets no recommendations, as a real recommender would answer. */
  private static Reply recommend(RoutingContext ctx) {
    String userId = ctx.pathParam("userId");
    return Reply.ok(new JsonObject()
        .put("userId", userId)
        .put("productIds", new JsonArray(ShopData.recommendedProductIds(userId))));
  }
}

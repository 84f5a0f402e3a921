package dev.sheaf.mock;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code GET /users/{id}} and {@code PATCH /users/{id}} (only {@code fullName} can change).
 * Users are {@link ShopData#user(String)}, with renames kept in memory until {@link #resetState()}.
 */
final class UsersEndpoints implements ShopEndpoints {

  private final Map<String, String> renamedUsers = new ConcurrentHashMap<>();

  @Override
  public void mount(Router router, ReplyWriter replies) {
    router.get("/users/:userId").handler(replies.handler(this::getUser));
    router.patch("/users/:userId").handler(replies.handler(this::patchUser));
  }

  @Override
  public void resetState() {
    renamedUsers.clear();
  }

  private Reply getUser(RoutingContext ctx) {
    return currentUser(ctx.pathParam("userId")).map(Reply::ok).orElseGet(UsersEndpoints::userNotFound);
  }

  private Reply patchUser(RoutingContext ctx) {
    String userId = ctx.pathParam("userId");
    if (ShopData.userNumber(userId).isEmpty()) {
      return userNotFound();
    }
    renamedUsers.put(userId, newFullName(JsonBodies.object(ctx)));
    return Reply.ok(currentUser(userId).orElseThrow());
  }

  private static String newFullName(JsonObject patch) {
    if (patch.size() == 1 && patch.getValue("fullName") instanceof String name && !name.isBlank()) {
      return name;
    }
    throw new InvalidRequestException("body must be {\"fullName\": \"<non-blank string>\"}, nothing else can change");
  }

  private Optional<JsonObject> currentUser(String userId) {
    return ShopData.user(userId).map(user -> {
      String newName = renamedUsers.get(userId);
      return newName == null ? user : user.put("fullName", newName);
    });
  }

  private static Reply userNotFound() {
    return Reply.notFound("user not found");
  }
}

package dev.sheaf.mock;

import io.vertx.ext.web.Router;

/** The domain routes of one shop service. */
interface ShopEndpoints {

  /** Adds the routes; every handler answers through {@code replies} so the knobs can shape the body. */
  void mount(Router router, ReplyWriter replies);

  /** Forgets in-memory changes (PATCHed users, placed orders...), as on {@code POST /_mock/reset}. */
  default void resetState() {
  }
}

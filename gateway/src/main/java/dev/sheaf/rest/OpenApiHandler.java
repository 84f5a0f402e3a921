package dev.sheaf.rest;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/** Serves the OpenAPI description rendered at start-up, revalidated by its ETag. */
final class OpenApiHandler implements Handler<RoutingContext> {

  private final Buffer document;
  private final String tag;

  OpenApiHandler(String json) {
    this.document = Buffer.buffer(json);
    this.tag = EntityTag.of(json);
  }

  @Override
  public void handle(RoutingContext ctx) {
    ctx.response()
        .putHeader(HttpHeaders.ETAG, tag)
        .putHeader(HttpHeaders.CACHE_CONTROL, CachePolicy.DEFAULT);
    if (EntityTag.matches(ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH), tag)) {
      ctx.response().setStatusCode(304).end();
      return;
    }
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8").end(document);
  }
}

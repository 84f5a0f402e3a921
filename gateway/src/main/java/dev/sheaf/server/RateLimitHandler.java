package dev.sheaf.server;

import dev.sheaf.config.RateLimitConfig;
import dev.sheaf.ratelimit.Decision;
import dev.sheaf.ratelimit.RateLimitKey;
import dev.sheaf.ratelimit.RateLimits;
import dev.sheaf.resolver.Caller;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Takes a request from its client's bucket after authentication and once its body is read, before
 * anything runs: over
 * the limit, {@code 429} with {@code Retry-After}, and no backend is called. Every limited answer
 * carries the IETF {@code RateLimit-Policy} and {@code RateLimit} headers
 * (draft-ietf-httpapi-ratelimit-headers), so clients can slow down before they are refused.
 */
final class RateLimitHandler implements Handler<RoutingContext> {

  static final String CODE = "RATE_LIMITED";

  private final RateLimits buckets;
  private final RateLimitConfig config;
  private final RateLimitKey key;
  private final long windowSeconds;

  RateLimitHandler(RateLimits buckets, RateLimitConfig config) {
    this.buckets = buckets;
    this.config = config;
    this.key = RateLimitKey.compile(config.key());
    this.windowSeconds = Math.max(1, (config.period().toMillis() + 999) / 1000);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String bucket = key.render(new RequestSource(ctx, key.usesOperationName()));
    if (bucket == null) {
      ctx.next();
      return;
    }
    buckets.take(bucket, config).onComplete(ar -> {
      Decision decision = ar.result();
      if (decision.limited()) {
        headers(ctx.response(), decision);
      }
      if (decision.allowed()) {
        ctx.next();
      } else {
        ctx.response().putHeader("retry-after", Long.toString(seconds(decision.retryAfterMillis())));
        Refusal.send(ctx, 429, "Too Many Requests", CODE, "Too many requests from this client: at most "
            + decision.limit() + " per " + windowSeconds + " s; retry in " + seconds(decision.retryAfterMillis()) + " s");
      }
    });
  }

  private void headers(HttpServerResponse response, Decision decision) {
    response.putHeader("ratelimit-policy", "\"default\";q=" + decision.limit() + ";w=" + windowSeconds);
    response.putHeader("ratelimit", "\"default\";r=" + decision.remaining() + ";t="
        + seconds(decision.resetMillis()));
  }

  private static long seconds(long millis) {
    return Math.max(millis == 0 ? 0 : 1, (millis + 999) / 1000);
  }

  /** The request as the key's templates see it. */
  private record RequestSource(RoutingContext ctx, boolean readsOperationName) implements RateLimitKey.Source {

    @Override
    public Object claim(String name) {
      Caller caller = ctx.get(RequestExecutor.CALLER_KEY);
      return caller == null ? null : caller.claims().get(name);
    }

    @Override
    public String ip() {
      return ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress();
    }

    @Override
    public String header(String name) {
      return ctx.request().getHeader(name);
    }

    /** GET: its parameter; POST to /graphql: the body's member (read once the body is in). */
    @Override
    public String operationName() {
      if (ctx.request().method() == HttpMethod.GET || !readsOperationName) {
        return ctx.request().getParam("operationName");
      }
      try {
        JsonObject body = ctx.body().asJsonObject();
        return body == null || !(body.getValue("operationName") instanceof String name) ? null : name;
      } catch (RuntimeException malformed) {
        return null; // the GraphQL handler answers it with its 400
      }
    }
  }
}

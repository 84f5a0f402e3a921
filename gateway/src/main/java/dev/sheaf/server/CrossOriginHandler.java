package dev.sheaf.server;

import dev.sheaf.config.CorsConfig;
import dev.sheaf.insight.RequestRecord;
import dev.sheaf.rest.CompositeEndpoints;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.CorsHandler;
import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * CORS for browser pages on the listed origins (Vert.x's {@link CorsHandler}), plus two things it
 * leaves out: every answer varies by {@code Origin}, and a page on the gateway's own origin, which
 * browsers also send {@code Origin} for on a POST, is not refused for being unlisted.
 */
final class CrossOriginHandler implements Handler<RoutingContext> {

  private final CorsHandler cors;

  CrossOriginHandler(CorsConfig config) {
    this.cors = CorsHandler.create()
        .addOrigins(config.allowOrigins())
        .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
            HttpMethod.DELETE))
        // What a page may read besides the safelisted headers: revalidation, partial answers, back-off,
        // auth, the request's id for a support ticket, the client's rate limit, and the request's timing
        // and plan for a developer.
        .exposedHeaders(Set.of("ETag", CompositeEndpoints.COMPLETE_HEADER, "Retry-After", "WWW-Authenticate",
            RequestIdHandler.HEADER, "RateLimit", "RateLimit-Policy", "Server-Timing", RequestRecord.PLAN_HEADER))
        .allowCredentials(config.allowCredentials())
        .maxAgeSeconds((int) config.maxAge().toSeconds());
  }

  @Override
  public void handle(RoutingContext ctx) {
    // Answers differ by Origin (a page gets Access-Control-* headers, an app does not): caches must
    // key on it. Checked last, as Vert.x varies by it itself when several origins are listed.
    ctx.addHeadersEndHandler(v -> varyByOrigin(ctx.response().headers()));
    String origin = ctx.request().getHeader(HttpHeaders.ORIGIN);
    if (origin != null && isSameOrigin(origin, ctx.request().authority())) {
      ctx.next();
    } else {
      cors.handle(ctx);
    }
  }

  private static void varyByOrigin(MultiMap headers) {
    for (String vary : headers.getAll(HttpHeaders.VARY)) {
      for (String name : vary.split(",")) {
        if (name.trim().equalsIgnoreCase("origin")) {
          return;
        }
      }
    }
    headers.add(HttpHeaders.VARY, "Origin");
  }

  /** Same host and port as the request was sent to; the scheme is not compared, a proxy may end TLS. */
  static boolean isSameOrigin(String origin, HostAndPort requested) {
    if (requested == null) {
      return false;
    }
    URI uri;
    try {
      uri = URI.create(origin);
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (uri.getHost() == null || uri.getScheme() == null) {
      return false;
    }
    int defaultPort = "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    int originPort = uri.getPort() < 0 ? defaultPort : uri.getPort();
    int requestedPort = requested.port() < 0 ? defaultPort : requested.port();
    return uri.getHost().toLowerCase(Locale.ROOT).equals(requested.host().toLowerCase(Locale.ROOT))
        && originPort == requestedPort;
  }
}

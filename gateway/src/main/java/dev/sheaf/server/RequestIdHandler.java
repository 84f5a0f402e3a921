package dev.sheaf.server;

import dev.sheaf.logging.LogContext;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Gives every request an id, answered in {@code X-Request-Id} and sent to every backend call it
 * makes, so one screen's calls can be found in every service's log. A client's (or proxy's) own
 * id is kept when it is a plausible one; otherwise a new one is made.
 */
final class RequestIdHandler implements Handler<RoutingContext> {

  static final String HEADER = "X-Request-Id";
  /** Where the id is kept on the routing context. */
  static final String KEY = "sheaf.requestId";

  // Room for UUIDs, W3C trace ids and the ids of common proxies; nothing that could smuggle a header or a log line.
  private static final Pattern PLAUSIBLE = Pattern.compile("[A-Za-z0-9._:+/=-]{1,128}");

  @Override
  public void handle(RoutingContext ctx) {
    String id = adopt(ctx.request().getHeader(HEADER));
    ctx.put(KEY, id);
    LogContext.requestId(id);
    ctx.response().putHeader(HEADER, id);
    ctx.next();
  }

  static String adopt(String sent) {
    return sent != null && PLAUSIBLE.matcher(sent).matches() ? sent : generate();
  }

  /** 32 hex digits, the shape of a W3C trace id; not a secret, so a fast generator will do. */
  static String generate() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    HexFormat hex = HexFormat.of();
    return hex.toHexDigits(random.nextLong()) + hex.toHexDigits(random.nextLong());
  }
}

package dev.sheaf.server;

import dev.sheaf.config.CsrfConfig;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Refuses requests to {@code /graphql} that a browser could send from any web page without a CORS
 * preflight, as Apollo Router and GraphQL Yoga do: without a preflight, the gateway's CORS answer
 * comes too late, the operation has already run with the user's cookies. A request is let through
 * when its {@code Content-Type} is not one of the three a form may send, or when it carries one of
 * the required headers (any value): a page can set neither without the browser asking first.
 * Mobile apps and servers send {@code Content-Type: application/json} on their POSTs, and Apollo
 * clients send {@code X-Apollo-Operation-Name} on their GETs.
 */
final class CsrfPrevention implements Handler<RoutingContext> {

  static final String CODE = "CSRF_ERROR";

  /** The content types of an HTML form, the only ones a page may send without a preflight. */
  private static final Set<String> SIMPLE_CONTENT_TYPES = Set.of("application/x-www-form-urlencoded",
      "multipart/form-data", "text/plain");

  private final List<String> requiredHeaders;
  private final String message;

  CsrfPrevention(CsrfConfig config) {
    this.requiredHeaders = config.requiredHeaders();
    this.message = "This request has been blocked as a potential Cross-Site Request Forgery (CSRF). Send a "
        + "Content-Type header other than " + String.join(", ", SIMPLE_CONTENT_TYPES.stream().sorted().toList())
        + " (e.g. application/json), or one of the headers " + String.join(", ", requiredHeaders)
        + " (any value, e.g. apollo-require-preflight: true)";
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (runsNothing(ctx) || preflighted(ctx)) {
      ctx.next();
    } else {
      Refusal.send(ctx, 400, "Bad Request", CODE, message);
    }
  }

  /**
   * A GET that names no operation (no query, hash or document id) cannot run one: e.g. a browser
   * opening {@code /graphql} as a page, which must not be refused.
   */
  private static boolean runsNothing(RoutingContext ctx) {
    MultiMap params = ctx.queryParams();
    return ctx.request().method() == HttpMethod.GET && !params.contains("query") && !params.contains("extensions")
        && !params.contains("documentId");
  }

  private boolean preflighted(RoutingContext ctx) {
    for (String header : requiredHeaders) {
      if (ctx.request().headers().contains(header)) {
        return true;
      }
    }
    List<String> contentTypes = ctx.request().headers().getAll("content-type");
    return contentTypes.stream().anyMatch(CsrfPrevention::needsPreflight);
  }

  /**
   * A content type a browser sends only after a preflight: any but the three, parsed (the Fetch
   * standard safelists only them). One that does not parse is none of the three, so it counts too,
   * with no need to parse it further.
   */
  static boolean needsPreflight(String contentType) {
    int semicolon = contentType.indexOf(';');
    String essence = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim()
        .toLowerCase(Locale.ROOT);
    return !SIMPLE_CONTENT_TYPES.contains(essence);
  }
}

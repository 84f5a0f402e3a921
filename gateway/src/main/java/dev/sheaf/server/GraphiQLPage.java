package dev.sheaf.server;

import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.Locale;

/**
 * GraphiQL at the GraphQL endpoint: a browser's {@code GET /graphql} ({@code Accept: text/html})
 * gets the page, any other request goes on to GraphQL. The page's script, styles, fonts and web
 * workers are bundled into the gateway (built from the npm package {@code graphiql}, see
 * {@code gateway/graphiql/}) and served under {@value #ASSETS}, so the page needs no CDN.
 */
final class GraphiQLPage implements Handler<RoutingContext> {

  static final String ASSETS = "/graphiql/";
  /** Where the bundle sits on the class path. */
  private static final String WEB_ROOT = "sheaf/graphiql";

  // Asset links are relative to /graphql, so the page also works behind a proxy's path prefix.
  private static final String HTML = """
      <!doctype html>
      <html lang="en">
      <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Sheaf · GraphiQL</title>
        <link rel="stylesheet" href="graphiql/graphiql.css">
        <style>body { margin: 0; } #graphiql { height: 100dvh; }</style>
      </head>
      <body>
        <div id="graphiql">Loading GraphiQL…</div>
        <script type="module" src="graphiql/graphiql.js"></script>
      </body>
      </html>
      """;

  private GraphiQLPage() {
  }

  /** Serves the page at {@code GET /graphql} to browsers and its assets under {@value #ASSETS}. */
  static void mount(Router router) {
    router.get("/graphql").handler(new GraphiQLPage());
    router.get(ASSETS + "*").handler(StaticHandler.create(WEB_ROOT).setDirectoryListing(false));
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (!wantsHtml(ctx.request().getHeader("accept"))) {
      ctx.next();
      return;
    }
    ctx.response()
        .putHeader("content-type", "text/html; charset=utf-8")
        // The page is tiny and names no versioned asset: always ask again.
        .putHeader("cache-control", "no-cache")
        .end(HTML);
  }

  /** GraphQL clients never ask for HTML; a browser's navigation always does. */
  private static boolean wantsHtml(String accept) {
    return accept != null && accept.toLowerCase(Locale.ROOT).contains("text/html");
  }
}

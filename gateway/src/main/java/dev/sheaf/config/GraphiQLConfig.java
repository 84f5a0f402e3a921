package dev.sheaf.config;

/**
 * The GraphiQL page: {@code GET /graphql} from a browser ({@code Accept: text/html}) answers with
 * an in-browser IDE whose scripts and styles the gateway serves itself, so it works without internet.
 *
 * @param enabled whether the page and its assets are served; off by default, as production
 *                gateways usually do not offer an IDE, on in the demo
 */
public record GraphiQLConfig(boolean enabled) {

  public static GraphiQLConfig defaults() {
    return new GraphiQLConfig(false);
  }
}

package dev.sheaf.server;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.concurrent.TimeUnit;

/**
 * Asks a gateway that has just started, over HTTP on loopback, for {@code /ready} and for a query
 * that needs no backend ({@code { __typename }}). The configuration check uses it to prove the
 * gateway serves, and because the build's class-data archive is recorded during that check, the
 * classes of the request path are in the archive too: the first requests after a start are then
 * served without loading them from the jar.
 */
public final class SelfProbe {

  private static final String TRIVIAL_QUERY = "{\"query\":\"{ __typename }\"}";
  /** A gateway that cannot answer its own probe in this long is broken: the check fails instead of hanging. */
  private static final long PROBE_TIMEOUT_MS = 30_000;

  private SelfProbe() {
  }

  /** What the gateway answered; any HTTP answer counts, a failed exchange fails the future. */
  public record Answers(int ready, int query) {
  }

  public static Future<Answers> probe(Vertx vertx, int port) {
    HttpClient client = vertx.createHttpClient();
    Future<Answers> answers = exchange(client, HttpMethod.GET, port, "/ready", null)
        .compose(ready -> exchange(client, HttpMethod.POST, port, "/graphql", TRIVIAL_QUERY)
            .map(query -> new Answers(ready, query)));
    // Bounded as a whole too: an exchange waiting for a connection has no idle timeout running yet.
    return answers.timeout(2 * PROBE_TIMEOUT_MS, TimeUnit.MILLISECONDS).eventually(client::close);
  }

  private static Future<Integer> exchange(HttpClient client, HttpMethod method, int port, String uri, String body) {
    RequestOptions options = new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(port).setURI(uri)
        .putHeader("content-type", "application/json").putHeader("accept", "application/json")
        .setIdleTimeout(PROBE_TIMEOUT_MS).setConnectTimeout(PROBE_TIMEOUT_MS);
    return client.request(options)
        .compose(request -> body == null ? request.send() : request.send(body))
        .compose(response -> response.body().map(ignored -> response.statusCode()));
  }
}

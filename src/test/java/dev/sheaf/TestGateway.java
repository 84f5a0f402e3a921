package dev.sheaf;

import dev.sheaf.config.GatewayConfig;
import dev.sheaf.mock.MockBackends;
import dev.sheaf.mock.MockOptions;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real gateway and the real mock backends, in process on random ports, for tests that talk
 * to them over HTTP. Blocking helpers are for the test thread only.
 */
final class TestGateway implements AutoCloseable {

  static final Path SCHEMA = Path.of("schema");
  static final Path RESOLVERS = Path.of("resolvers");

  final Vertx vertx;
  final MockBackends mocks;
  final Sheaf sheaf;
  final WebClient client;

  private TestGateway(Vertx vertx, MockBackends mocks, Sheaf sheaf) {
    this.vertx = vertx;
    this.mocks = mocks;
    this.sheaf = sheaf;
    this.client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(sheaf.port()));
  }

  static TestGateway start() {
    return start(GatewayConfig.defaults());
  }

  static TestGateway start(GatewayConfig base) {
    return start(base, RESOLVERS);
  }

  static TestGateway start(GatewayConfig base, Path resolvers) {
    Vertx vertx = Vertx.vertx();
    MockBackends mocks = await(MockBackends.start(vertx, MockOptions.randomPorts()));
    GatewayConfig config = base.withHost("127.0.0.1").withPort(0).withDirs(SCHEMA, resolvers)
        .withVars(Map.of(
            "USERS_URL", mocks.users().baseUrl(),
            "ORDERS_URL", mocks.orders().baseUrl(),
            "CATALOG_URL", mocks.catalog().baseUrl(),
            "RECOMMENDATIONS_URL", mocks.recommendations().baseUrl(),
            "INVENTORY_ADDRESS", mocks.inventory().address()));
    try {
      return new TestGateway(vertx, mocks, await(Sheaf.start(vertx, config)));
    } catch (RuntimeException e) {
      await(mocks.closeAsync());
      await(vertx.close());
      throw e;
    }
  }

  /** POSTs a query and returns the decoded response body; fails the test on a non-200. */
  JsonObject query(String query) {
    return query(query, Map.of());
  }

  JsonObject query(String query, Map<String, Object> variables) {
    HttpResponse<Buffer> response = post(new JsonObject().put("query", query).put("variables", variables).toBuffer(),
        MultiMap.caseInsensitiveMultiMap());
    if (response.statusCode() != 200) {
      throw new AssertionError("expected 200, got " + response.statusCode() + ": " + response.bodyAsString());
    }
    return response.bodyAsJsonObject();
  }

  HttpResponse<Buffer> post(Buffer body, MultiMap headers) {
    var request = client.post("/graphql").putHeaders(headers);
    if (!headers.contains("content-type")) {
      request.putHeader("content-type", "application/json");
    }
    return await(request.sendBuffer(body));
  }

  HttpResponse<Buffer> send(HttpMethod method, String uri, MultiMap headers) {
    return await(client.request(method, uri).putHeaders(headers).send());
  }

  static <T> T await(Future<T> future) {
    try {
      return future.await(20, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("timed out waiting", e);
    }
  }

  @Override
  public void close() {
    client.close();
    await(sheaf.close());
    await(mocks.closeAsync());
    await(vertx.close());
  }
}

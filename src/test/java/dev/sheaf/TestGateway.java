package dev.sheaf;

import dev.sheaf.config.GatewayConfig;
import dev.sheaf.mock.Knobs;
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
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real gateway and the real mock backends, in process on random ports, for tests that talk
 * to them over HTTP. Blocking helpers are for the test thread only.
 *
 * <p>Either started by hand ({@link #start()}, closed by the test), or one per test class as a JUnit
 * extension: {@code @RegisterExtension static final TestGateway gateway = TestGateway.perClass();}
 * starts before the class's first test, resets every mock's knobs and counts before each test, and
 * closes after the last.
 */
final class TestGateway implements AutoCloseable, BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

  static final Path SCHEMA = Path.of("schema");
  static final Path RESOLVERS = Path.of("resolvers");

  private final GatewayConfig base;
  private final Path resolvers;
  // Set once the gateway is up: at start(), or before the class's first test.
  Vertx vertx;
  MockBackends mocks;
  Sheaf sheaf;
  WebClient client;

  private TestGateway(GatewayConfig base, Path resolvers) {
    this.base = base;
    this.resolvers = resolvers;
  }

  static TestGateway perClass() {
    return perClass(GatewayConfig.defaults());
  }

  static TestGateway perClass(GatewayConfig base) {
    return new TestGateway(base, RESOLVERS);
  }

  static TestGateway start() {
    return start(GatewayConfig.defaults());
  }

  static TestGateway start(GatewayConfig base) {
    return start(base, RESOLVERS);
  }

  static TestGateway start(GatewayConfig base, Path resolvers) {
    TestGateway gateway = new TestGateway(base, resolvers);
    gateway.open();
    return gateway;
  }

  private void open() {
    Vertx started = Vertx.vertx();
    MockBackends backends = await(MockBackends.start(started, MockOptions.randomPorts()));
    GatewayConfig config = base.withHost("127.0.0.1").withPort(0).withDirs(SCHEMA, resolvers)
        .withVars(Map.of(
            "USERS_URL", backends.users().baseUrl(),
            "ORDERS_URL", backends.orders().baseUrl(),
            "CATALOG_URL", backends.catalog().baseUrl(),
            "RECOMMENDATIONS_URL", backends.recommendations().baseUrl(),
            "INVENTORY_ADDRESS", backends.inventory().address()));
    try {
      sheaf = await(Sheaf.start(started, config));
    } catch (RuntimeException e) {
      await(backends.closeAsync());
      await(started.close());
      throw e;
    }
    vertx = started;
    mocks = backends;
    client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(sheaf.port()));
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    open();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    mocks.setKnobsForAll(Knobs.none());
    mocks.resetStats();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
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

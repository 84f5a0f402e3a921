package dev.sheaf.rest;

import dev.sheaf.Sheaf;
import dev.sheaf.auth.AuthConfig;
import dev.sheaf.auth.AuthMode;
import dev.sheaf.auth.AuthSpec;
import dev.sheaf.config.GatewayConfig;
import dev.sheaf.mock.MockBackends;
import dev.sheaf.mock.MockOptions;
import dev.sheaf.mock.idp.MockIdentityProvider;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The real gateway with the sample schema, bindings and endpoints, in front of the real mock
 * backends and the mock identity provider (tokens optional), all in process on random ports.
 * Blocking helpers are for the test thread only.
 */
final class RestGateway implements AutoCloseable {

  final Vertx vertx;
  final MockBackends mocks;
  final MockIdentityProvider idp;
  final Sheaf sheaf;
  final WebClient client;

  private RestGateway(Vertx vertx, MockBackends mocks, MockIdentityProvider idp, Sheaf sheaf) {
    this.vertx = vertx;
    this.mocks = mocks;
    this.idp = idp;
    this.sheaf = sheaf;
    this.client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(sheaf.port()));
  }

  static RestGateway start() {
    Vertx vertx = Vertx.vertx();
    MockBackends mocks = await(MockBackends.start(vertx, MockOptions.randomPorts()));
    MockIdentityProvider idp = await(MockIdentityProvider.start(vertx, "127.0.0.1", 0));
    AuthSpec auth = new AuthSpec(AuthMode.OPTIONAL, null, null, null, null, null, null, List.of(
        new AuthSpec.IssuerSpec(idp.issuer(), idp.jwksUrl(), null, null, null, List.of("sheaf"), null)));
    GatewayConfig config = GatewayConfig.defaults().withHost("127.0.0.1").withPort(0)
        .withAuth(AuthConfig.from(auth, Path.of("sheaf.yaml")))
        .withDirs(Path.of("schema"), Path.of("resolvers"))
        .withVars(Map.of(
            "USERS_URL", mocks.users().baseUrl(),
            "ORDERS_URL", mocks.orders().baseUrl(),
            "CATALOG_URL", mocks.catalog().baseUrl(),
            "RECOMMENDATIONS_URL", mocks.recommendations().baseUrl(),
            "INVENTORY_ADDRESS", mocks.inventory().address()));
    return new RestGateway(vertx, mocks, idp, await(Sheaf.start(vertx, config)));
  }

  /** A token of the mock identity provider for the user {@code sub}. */
  String token(String sub) {
    return idp.mint(Map.of("aud", "sheaf", "sub", sub));
  }

  HttpResponse<Buffer> get(String uri) {
    return send(HttpMethod.GET, uri, MultiMap.caseInsensitiveMultiMap());
  }

  HttpResponse<Buffer> send(HttpMethod method, String uri, MultiMap headers) {
    return await(client.request(method, uri).putHeaders(headers).send());
  }

  HttpResponse<Buffer> send(HttpMethod method, String uri, MultiMap headers, Buffer body) {
    return await(client.request(method, uri).putHeaders(headers).sendBuffer(body));
  }

  /** Runs a GraphQL query over POST /graphql and returns its {@code data}; fails on errors. */
  JsonObject graphqlData(String query, Map<String, Object> variables) {
    HttpResponse<Buffer> response = await(client.post("/graphql").putHeader("content-type", "application/json")
        .sendBuffer(new JsonObject().put("query", query).put("variables", variables).toBuffer()));
    JsonObject body = response.bodyAsJsonObject();
    if (response.statusCode() != 200 || body.containsKey("errors")) {
      throw new AssertionError("GraphQL answered " + response.statusCode() + ": " + body.encode());
    }
    return body.getJsonObject("data");
  }

  static <T> T await(Future<T> future) {
    try {
      return future.await(20, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
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

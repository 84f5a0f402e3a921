package dev.sheaf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.config.GatewayConfig;
import dev.sheaf.mock.ShopData;
import dev.sheaf.mock.inventory.InventoryData;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The gateway serves on several event loops (one server each, sharing the port), over the wire. */
class EventLoopsTest {

  // REST (user, orders, recommendations) and gRPC (stock) calls, started from whichever loop has the request.
  private static final String USER = """
      query User($id: ID!) {
        user(id: $id) { id name orders(limit: 2) { id } recommendations { id stock { available } } }
      }""";
  private static final int CONNECTIONS = 8;
  private static final int REQUESTS = 64;

  @Test
  void connectionsSpreadOverTheEventLoopsAndEveryAnswerIsItsOwnRequests() {
    try (TestGateway gateway = TestGateway.start(GatewayConfig.defaults().withEventLoops(2))) {
      List<String> ids = new ArrayList<>();
      List<HttpResponse<Buffer>> answers = sendConcurrently(gateway, ids);

      // Requests of different users interleave on both loops: each answer must be its own user's data.
      for (int i = 0; i < REQUESTS; i++) {
        JsonObject body = answers.get(i).bodyAsJsonObject();
        assertThat(body.containsKey("errors")).as(body.encode()).isFalse();
        JsonObject user = body.getJsonObject("data").getJsonObject("user");
        JsonObject expected = ShopData.user(ids.get(i)).orElseThrow();
        assertThat(user.getString("id")).isEqualTo(ids.get(i));
        assertThat(user.getString("name")).isEqualTo(expected.getString("fullName"));
        assertThat(user.getJsonArray("orders").getJsonObject(0).getString("id"))
            .isEqualTo(ShopData.orders(ids.get(i)).get(0).getString("id"));
        JsonObject product = user.getJsonArray("recommendations").getJsonObject(0);
        assertThat(product.getString("id")).isEqualTo(ShopData.recommendedProductIds(ids.get(i)).get(0));
        assertThat(product.getJsonObject("stock").getInteger("available"))
            .isEqualTo(InventoryData.available(ShopData.productNumber(product.getString("id")).orElseThrow()));
      }
      assertThat(gateway.mocks.inventory().calls()).isEqualTo(REQUESTS);
      Map<String, Integer> byLoop = gateway.sheaf.connectionsByEventLoop();
      assertThat(byLoop).hasSize(2);
      assertThat(byLoop.keySet()).allMatch(thread -> thread.contains("eventloop"));
      assertThat(byLoop.values()).allMatch(connections -> connections >= CONNECTIONS / 4);
      assertThat(byLoop.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(CONNECTIONS);
    }
  }

  @Test
  void oneEventLoopServesEveryConnection() {
    try (TestGateway gateway = TestGateway.start(GatewayConfig.defaults().withEventLoops(1))) {
      List<String> ids = new ArrayList<>();
      List<HttpResponse<Buffer>> answers = sendConcurrently(gateway, ids);

      assertThat(answers).allMatch(answer -> answer.statusCode() == 200);
      assertThat(gateway.sheaf.connectionsByEventLoop()).hasSize(1).containsValue(CONNECTIONS);
    }
  }

  /** REQUESTS queries for users 1..REQUESTS, all in flight at once over CONNECTIONS connections. */
  private static List<HttpResponse<Buffer>> sendConcurrently(TestGateway gateway, List<String> ids) {
    WebClient client = WebClient.create(gateway.vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(gateway.sheaf.port()), new PoolOptions().setHttp1MaxSize(CONNECTIONS));
    try {
      List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
      for (int i = 1; i <= REQUESTS; i++) {
        String id = String.valueOf(i);
        ids.add(id);
        sent.add(client.post("/graphql").putHeader("content-type", "application/json")
            .sendBuffer(new JsonObject().put("query", USER).put("variables", Map.of("id", id)).toBuffer()));
      }
      TestGateway.await(Future.all(sent));
      return sent.stream().map(Future::result).toList();
    } finally {
      client.close();
    }
  }
}

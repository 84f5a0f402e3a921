package dev.sheaf.mock.perf;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.DynamicMessage;
import dev.sheaf.mock.inventory.InventoryProto;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The floor under any Vert.x gateway's home screen on a given machine: a hand-written program, no
 * GraphQL, no bindings, no templates, that takes the home query's POST, makes the same five calls
 * as Sheaf (users, orders and recommendations together; then the catalog batch and the inventory
 * GetStock together) with the same clients and Jackson, and answers the same JSON. The harness runs
 * it like the gateway, so "Sheaf's CPU per request − the floor's" is what Sheaf's own machinery costs.
 *
 * <pre>
 * java -cp demo/target/sheaf-demo.jar dev.sheaf.mock.perf.FloorGateway [--port=4490] [--flush-per-write]
 * </pre>
 *
 * <p>It calls the mocks at USERS_URL, ORDERS_URL, CATALOG_URL, RECOMMENDATIONS_URL and
 * INVENTORY_ADDRESS when set, as the sample's binding files do, else on their fixed ports 7101-7105.
 */
public final class FloorGateway {

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient users;
  private final HttpClient orders;
  private final HttpClient recommendations;
  private final HttpClient catalog;
  private final GrpcClient grpc;
  private final ServiceMethod<DynamicMessage, DynamicMessage> getStock;
  private final MethodDescriptor getStockDescriptor;
  private final SocketAddress inventory;

  private FloorGateway(Vertx vertx, boolean flushPerWrite) {
    users = client(vertx, address("USERS_URL", "http://127.0.0.1:7101"));
    orders = client(vertx, address("ORDERS_URL", "http://127.0.0.1:7102"));
    catalog = client(vertx, address("CATALOG_URL", "http://127.0.0.1:7103"));
    recommendations = client(vertx, address("RECOMMENDATIONS_URL", "http://127.0.0.1:7104"));
    inventory = address("INVENTORY_ADDRESS", "127.0.0.1:7105");
    HttpClientOptions http2 = new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
        .setHttp2ClearTextUpgrade(false).setTcpNoDelay(true);
    // As the gateway's gRPC backends: the flushes of one event-loop task leave as one write, so a call
    // costs one writev, not two (Vert.x flushes the message and the end of the stream apart).
    grpc = GrpcClient.client(vertx, vertx.httpClientBuilder().with(http2)
        .withConnectHandler(flushPerWrite ? connection -> { } : FloorGateway::oneFlushPerTask).build());
    getStockDescriptor = InventoryProto.load().getStock();
    getStock = ServiceMethod.client(ServiceName.create("inventory.v1.InventoryService"), "GetStock",
        GrpcMessageEncoder.encoder(),
        GrpcMessageDecoder.decoder(DynamicMessage.getDefaultInstance(getStockDescriptor.getOutputType())));
  }

  public static void main(String[] args) {
    int port = 4490;
    boolean flushPerWrite = false;
    for (String arg : args) {
      if (arg.startsWith("--port=")) {
        port = Integer.parseInt(arg.substring("--port=".length()));
      } else if (arg.equals("--flush-per-write")) {
        flushPerWrite = true; // Vert.x's own gRPC writes, for measuring what one flush per task saves
      }
    }
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true).setEventLoopPoolSize(1));
    FloorGateway floor = new FloorGateway(vertx, flushPerWrite);
    int listenOn = port;
    vertx.createHttpServer()
        .requestHandler(floor::handle)
        .listen(listenOn, "127.0.0.1")
        .onSuccess(s -> System.out.println("floor gateway on http://127.0.0.1:" + s.actualPort() + "/graphql"))
        .onFailure(e -> {
          System.err.println("floor gateway cannot start: " + e.getMessage());
          System.exit(1);
        });
  }

  /**
   * A mock's address from the variable the sample's binding files read (so the floor calls the mocks
   * the gateway beside it calls, fixed ports or not), else its fixed port.
   */
  private static SocketAddress address(String variable, String fallback) {
    String value = System.getenv().getOrDefault(variable, fallback).replaceFirst("^http://", "");
    int colon = value.lastIndexOf(':');
    return SocketAddress.inetSocketAddress(Integer.parseInt(value.substring(colon + 1)), value.substring(0, colon));
  }

  private static void oneFlushPerTask(HttpConnection connection) {
    if (connection instanceof ConnectionBase base) {
      base.channel().pipeline().addFirst(new FlushConsolidationHandler(
          FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true));
    }
  }

  private static HttpClient client(Vertx vertx, SocketAddress mock) {
    return vertx.createHttpClient(new HttpClientOptions().setDefaultHost(mock.host()).setDefaultPort(mock.port())
        .setKeepAlive(true).setTcpNoDelay(true), new PoolOptions().setHttp1MaxSize(64));
  }

  private void handle(HttpServerRequest request) {
    request.body().compose(body -> {
      Map<?, ?> query = read(body);
      String id = String.valueOf(((Map<?, ?>) query.get("variables")).get("id"));
      Future<Map<?, ?>> user = get(users, "/users/" + id);
      Future<Map<?, ?>> orderList = get(orders, "/users/" + id + "/orders?limit=3");
      Future<Map<?, ?>> recommended = get(recommendations, "/users/" + id + "/recommendations");
      Future<List<Object>> products = recommended.compose(r -> productsWithStock((List<?>) r.get("productIds")));
      return Future.all(user, orderList, products).map(all -> answer(user.result(), orderList.result(), products.result()));
    }).onComplete(ar -> {
      if (ar.succeeded()) {
        request.response().putHeader("content-type", "application/json").end(ar.result());
      } else {
        request.response().setStatusCode(502).end();
      }
    });
  }

  private Future<List<Object>> productsWithStock(List<?> ids) {
    List<String> keys = ids.stream().map(String::valueOf).toList();
    Future<Map<?, ?>> found = get(catalog, "/products?ids=" + String.join(",", keys));
    Future<Map<String, Object>> stock = stock(keys);
    return Future.all(found, stock).map(all -> {
      Map<Object, Object> byId = new HashMap<>();
      for (Object product : (List<?>) found.result().get("products")) {
        byId.put(((Map<?, ?>) product).get("id"), product);
      }
      List<Object> products = new ArrayList<>();
      for (String key : keys) {
        Map<?, ?> product = (Map<?, ?>) byId.get(key);
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", key);
        item.put("name", product.get("name"));
        item.put("price", product.get("price"));
        item.put("stock", stock.result().get(key));
        products.add(item);
      }
      return products;
    });
  }

  private Future<Map<String, Object>> stock(List<String> keys) {
    FieldDescriptor productIds = getStockDescriptor.getInputType().findFieldByName("product_ids");
    DynamicMessage.Builder request = DynamicMessage.newBuilder(getStockDescriptor.getInputType());
    keys.forEach(key -> request.addRepeatedField(productIds, key));
    return grpc.request(inventory, getStock)
        .compose(call -> call.send(request.build()))
        .compose(response -> response.last())
        .map(reply -> {
          Map<String, Object> byId = new HashMap<>();
          for (Object item : (List<?>) reply.getField(reply.getDescriptorForType().findFieldByName("items"))) {
            DynamicMessage stock = (DynamicMessage) item;
            Map<String, Object> value = new LinkedHashMap<>();
            value.put("available", stock.getField(stock.getDescriptorForType().findFieldByName("available")));
            value.put("warehouse", stock.getField(stock.getDescriptorForType().findFieldByName("warehouse")));
            byId.put((String) stock.getField(stock.getDescriptorForType().findFieldByName("product_id")), value);
          }
          return byId;
        });
  }

  private Future<Map<?, ?>> get(HttpClient client, String uri) {
    return client.request(new RequestOptions().setMethod(HttpMethod.GET).setURI(uri))
        .compose(request -> request.send())
        .compose(response -> response.body())
        .map(this::read);
  }

  private Buffer answer(Map<?, ?> user, Map<?, ?> orderList, List<Object> products) {
    List<Object> orders = new ArrayList<>();
    for (Object order : (List<?>) orderList.get("orders")) {
      Map<?, ?> o = (Map<?, ?>) order;
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("id", o.get("id"));
      item.put("total", o.get("total"));
      item.put("status", o.get("status"));
      orders.add(item);
      if (orders.size() == 3) {
        break;
      }
    }
    Map<String, Object> home = new LinkedHashMap<>();
    home.put("name", user.get("fullName"));
    home.put("tier", user.get("tier"));
    home.put("orders", orders);
    home.put("recommendations", products);
    try {
      return Buffer.buffer(json.writeValueAsBytes(Map.of("data", Map.of("user", home))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Map<?, ?> read(Buffer body) {
    try {
      return json.readValue(body.getBytes(), Map.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

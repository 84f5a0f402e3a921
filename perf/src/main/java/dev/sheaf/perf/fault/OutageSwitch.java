package dev.sheaf.perf.fault;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.util.HashSet;
import java.util.Set;

/**
 * A backend that can go down and come back at the same address: a TCP forwarder from {@code --listen}
 * to {@code --to}. Down closes its listener and cuts every connection through it, so calls in flight
 * fail and new ones are refused by the kernel (connection refused, as when a process dies); up listens
 * on the same port again. Steered over HTTP on {@code --control}: {@code PUT /down}, {@code PUT /up},
 * {@code GET /state}; each answers the state and the time of the change (epoch ms).
 *
 * <pre>
 * java -cp "perf/target/sheaf-perf.jar:perf/target/lib/*" dev.sheaf.perf.fault.OutageSwitch \
 *   --listen=PORT --to=127.0.0.1:7102 --control=PORT
 * </pre>
 *
 * <p>One event loop; everything runs on it, so plain fields suffice. Stopped by a signal (it holds nothing
 * that needs saving).
 */
public final class OutageSwitch {

  private final Vertx vertx;
  private final int listenPort;
  private final String targetHost;
  private final int targetPort;
  private final NetClient upstream;
  private final Set<NetSocket> open = new HashSet<>();
  private NetServer server;
  private long changedAt = System.currentTimeMillis();
  private long connections;

  private OutageSwitch(Vertx vertx, int listenPort, String targetHost, int targetPort) {
    this.vertx = vertx;
    this.listenPort = listenPort;
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.upstream = vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true).setConnectTimeout(2000));
  }

  public static void main(String[] args) throws Exception {
    String listen = null;
    String to = null;
    String control = null;
    for (String arg : args) {
      if (arg.startsWith("--listen=")) {
        listen = arg.substring("--listen=".length());
      } else if (arg.startsWith("--to=")) {
        to = arg.substring("--to=".length());
      } else if (arg.startsWith("--control=")) {
        control = arg.substring("--control=".length());
      } else {
        usage("unknown option " + arg);
      }
    }
    if (listen == null || to == null || control == null || to.lastIndexOf(':') < 0) {
      usage("--listen, --to=HOST:PORT and --control are required");
    }
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    int colon = to.lastIndexOf(':');
    OutageSwitch outage = new OutageSwitch(vertx, Integer.parseInt(listen), to.substring(0, colon),
        Integer.parseInt(to.substring(colon + 1)));
    int controlPort = Integer.parseInt(control);
    String target = to;
    vertx.runOnContext(v -> outage.up()
        .compose(x -> outage.controlServer().listen(controlPort, "127.0.0.1"))
        .onSuccess(s -> System.out.printf("outage switch: 127.0.0.1:%d -> %s, control on 127.0.0.1:%d%n",
            outage.listenPort, target, s.actualPort()))
        .onFailure(e -> {
          System.err.println("outage switch could not start: " + e.getMessage());
          System.exit(1);
        }));
  }

  private static void usage(String problem) {
    System.err.println("error: " + problem);
    System.err.println("usage: OutageSwitch --listen=PORT --to=HOST:PORT --control=PORT");
    System.exit(2);
  }

  private HttpServer controlServer() {
    return vertx.createHttpServer().requestHandler(request -> {
      Future<Void> change = switch (request.method().name() + " " + request.path()) {
        case "PUT /down" -> down();
        case "PUT /up" -> up();
        case "GET /state" -> Future.succeededFuture();
        default -> null;
      };
      if (change == null) {
        request.response().setStatusCode(404).end();
        return;
      }
      change.onComplete(ar -> request.response()
          .setStatusCode(ar.succeeded() ? 200 : 500)
          .putHeader("content-type", "application/json")
          .end(new JsonObject()
              .put("up", server != null)
              .put("changedAtEpochMillis", changedAt)
              .put("connections", connections)
              .put("open", open.size())
              .put("error", ar.failed() ? ar.cause().getMessage() : null)
              .encode()));
    });
  }

  /** Listens again on the same port; nothing to do when already up. */
  private Future<Void> up() {
    if (server != null) {
      return Future.succeededFuture();
    }
    NetServer listening = vertx.createNetServer(new NetServerOptions().setReuseAddress(true).setTcpNoDelay(true));
    listening.connectHandler(this::forward);
    return listening.listen(listenPort, "127.0.0.1").onSuccess(s -> {
      server = listening;
      changedAt = System.currentTimeMillis();
    }).mapEmpty();
  }

  /** Stops listening and cuts every connection, both sides; nothing to do when already down. */
  private Future<Void> down() {
    if (server == null) {
      return Future.succeededFuture();
    }
    NetServer closing = server;
    server = null;
    changedAt = System.currentTimeMillis();
    for (NetSocket socket : Set.copyOf(open)) {
      socket.close();
    }
    return closing.close();
  }

  private void forward(NetSocket client) {
    connections++;
    client.pause();
    open.add(client);
    client.closeHandler(v -> open.remove(client));
    upstream.connect(targetPort, targetHost).onComplete(ar -> {
      if (ar.failed() || server == null) {
        client.close();
        if (ar.succeeded()) {
          ar.result().close();
        }
        return;
      }
      NetSocket backend = ar.result();
      open.add(backend);
      backend.closeHandler(v -> {
        open.remove(backend);
        client.close();
      });
      client.closeHandler(v -> {
        open.remove(client);
        backend.close();
      });
      client.pipeTo(backend);
      backend.pipeTo(client);
    });
  }
}

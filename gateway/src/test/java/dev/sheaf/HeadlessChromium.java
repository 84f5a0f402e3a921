package dev.sheaf;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's headless Chromium, driven over the DevTools protocol with a Vert.x WebSocket: one page,
 * its network requests recorded, scripts evaluated in it. Host names other than 127.0.0.1 resolve
 * to nothing, so a page that reached for the internet would fail to load its resources.
 */
final class HeadlessChromium implements AutoCloseable {

  private static final int MAX_MESSAGE = 64 * 1024 * 1024;
  private static final Pattern DEVTOOLS_URL = Pattern.compile("DevTools listening on (ws://\\S+)");

  private final Process process;
  private final WebSocketClient client;
  private final WebSocket socket;
  /** The page's session, once attached; browser-wide calls go without one. */
  private volatile String session;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, Promise<JsonObject>> pending = new ConcurrentHashMap<>();
  private final Map<String, List<Consumer<JsonObject>>> listeners = new ConcurrentHashMap<>();
  /** Every URL the page asked for, in order. */
  final List<String> requestedUrls = new CopyOnWriteArrayList<>();
  /** Every request the page sent, as the protocol describes it (url, method, headers). */
  final List<JsonObject> requests = new CopyOnWriteArrayList<>();

  private HeadlessChromium(Process process, WebSocketClient client, WebSocket socket) {
    this.process = process;
    this.client = client;
    this.socket = socket;
    socket.textMessageHandler(this::receive);
    // A broken connection fails the calls waiting on it rather than leaving them to time out unexplained.
    socket.closeHandler(closed -> failPending(new AssertionError("DevTools connection closed")));
    socket.exceptionHandler(this::failPending);
  }

  private void failPending(Throwable failure) {
    pending.values().forEach(answer -> answer.tryFail(failure));
    pending.clear();
  }

  /** Starts Chromium on a blank page with its network recorded. */
  static HeadlessChromium start(Vertx vertx, Path profile) throws IOException {
    Process process = new ProcessBuilder("chromium", "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--no-first-run", "--disable-extensions", "--disable-sync",
        "--disable-component-update", "--disable-default-apps", "--no-default-browser-check",
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
        "--user-data-dir=" + profile, "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
        "about:blank")
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    try {
      URI browser = URI.create(devToolsUrl(process));
      // Events carry whole data: URLs (fonts inlined in a stylesheet): far above Vert.x's default limits.
      WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
          .setMaxFrameSize(MAX_MESSAGE).setMaxMessageSize(MAX_MESSAGE));
      WebSocket socket = TestGateway.await(client.connect(browser.getPort(), browser.getHost(), browser.getPath()));
      HeadlessChromium chromium = new HeadlessChromium(process, client, socket);
      JsonArray targets = TestGateway.await(chromium.call("Target.getTargets", new JsonObject()))
          .getJsonArray("targetInfos");
      String page = targets.stream().map(JsonObject.class::cast).filter(t -> "page".equals(t.getString("type")))
          .findFirst().orElseThrow().getString("targetId");
      chromium.session = TestGateway.await(chromium.call("Target.attachToTarget",
          new JsonObject().put("targetId", page).put("flatten", true))).getString("sessionId");
      chromium.on("Network.requestWillBeSent", event -> {
        JsonObject request = event.getJsonObject("request");
        chromium.requests.add(request);
        chromium.requestedUrls.add(request.getString("url"));
      });
      TestGateway.await(chromium.call("Network.enable", new JsonObject()));
      TestGateway.await(chromium.call("Page.enable", new JsonObject()));
      return chromium;
    } catch (RuntimeException | IOException e) {
      process.destroyForcibly();
      throw e;
    }
  }

  /** Chromium prints its DevTools address on stderr once it listens. */
  private static String devToolsUrl(Process process) throws IOException {
    BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = err.readLine()) != null) {
      Matcher m = DEVTOOLS_URL.matcher(line);
      if (m.find()) {
        // Keep draining stderr, so Chromium never blocks on a full pipe.
        Thread drain = new Thread(() -> err.lines().forEach(l -> { }), "chromium-stderr");
        drain.setDaemon(true);
        drain.start();
        return m.group(1);
      }
    }
    throw new IOException("chromium exited before listening for DevTools");
  }

  Future<JsonObject> navigate(String url) {
    return call("Page.navigate", new JsonObject().put("url", url));
  }

  /**
   * Evaluates {@code expression} in the page, awaiting it if it is a promise.
   *
   * @return its value (JSON-serializable)
   */
  Future<Object> evaluate(String expression) {
    return call("Runtime.evaluate", new JsonObject().put("expression", expression).put("awaitPromise", true)
        .put("returnByValue", true))
        .compose(result -> result.containsKey("exceptionDetails")
            ? Future.failedFuture(new AssertionError("page script failed: " + result.getJsonObject("exceptionDetails")
                .encodePrettily()))
            : Future.succeededFuture(result.getJsonObject("result").getValue("value")));
  }

  private Future<JsonObject> call(String method, JsonObject params) {
    JsonObject message = new JsonObject().put("method", method).put("params", params);
    if (session != null) {
      message.put("sessionId", session);
    }
    int id = ids.incrementAndGet();
    Promise<JsonObject> answer = Promise.promise();
    pending.put(id, answer);
    socket.writeTextMessage(message.put("id", id).encode());
    return answer.future();
  }

  private void on(String event, Consumer<JsonObject> listener) {
    listeners.computeIfAbsent(event, e -> new CopyOnWriteArrayList<>()).add(listener);
  }

  private void receive(String text) {
    JsonObject message = new JsonObject(text);
    Integer id = message.getInteger("id");
    if (id != null) {
      Promise<JsonObject> answer = pending.remove(id);
      if (answer == null) {
        return;
      }
      if (message.containsKey("error")) {
        answer.fail(new AssertionError("DevTools: " + message.getJsonObject("error").encode()));
      } else {
        answer.complete(message.getJsonObject("result"));
      }
      return;
    }
    listeners.getOrDefault(message.getString("method"), List.of())
        .forEach(listener -> listener.accept(message.getJsonObject("params")));
  }

  @Override
  public void close() throws InterruptedException {
    try {
      TestGateway.await(socket.close());
      TestGateway.await(client.close());
    } finally {
      // Its helper processes (renderers, zygote, crash handler) write into the profile folder too:
      // all of them must be gone before the test's temporary folder is deleted.
      List<ProcessHandle> helpers = process.descendants().toList();
      process.destroy();
      helpers.forEach(ProcessHandle::destroy);
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
      for (ProcessHandle helper : helpers) {
        try {
          helper.onExit().get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
          helper.destroyForcibly();
        }
      }
    }
  }

  /**
   * Deletes a browser profile folder. Chromium's helper processes may still be writing into it for a
   * moment after the browser ended, so a failed try is retried, and a folder that stays is left to the
   * system's temporary-file cleanup rather than failing a test that passed.
   */
  static void deleteProfile(Path folder) throws InterruptedException {
    for (int attempt = 0; attempt < 50; attempt++) {
      try (java.util.stream.Stream<Path> paths = java.nio.file.Files.walk(folder)) {
        for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
          java.nio.file.Files.deleteIfExists(path);
        }
        return;
      } catch (IOException | java.io.UncheckedIOException e) {
        Thread.sleep(100);
      }
    }
  }
}

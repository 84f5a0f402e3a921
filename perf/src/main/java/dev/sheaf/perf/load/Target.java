package dev.sheaf.perf.load;

import dev.sheaf.perf.load.ResponseCheck.Outcome;
import dev.sheaf.perf.load.ResponseCheck.Verdict;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;

/**
 * One URL under load through its own HTTP/1.1 keep-alive pool: sends a request, checks the answer and
 * hands the verdict to a {@link Recorder}. Called on the generator's event loop only.
 */
final class Target {

  /** What a sender learns when its request is over (to send the next one, in a closed loop). */
  interface Done {
    void run();
  }

  private final WebClient client;
  private final String path;
  private final byte[] body;
  private final ResponseCheck check;
  private final long timeoutMillis;
  private final Recorder recorder;

  Target(Vertx vertx, URI url, byte[] body, int connections, ResponseCheck check, long timeoutMillis,
         Recorder recorder) {
    WebClientOptions options = new WebClientOptions()
        .setDefaultHost(url.getHost())
        .setDefaultPort(url.getPort() > 0 ? url.getPort() : 80)
        .setKeepAlive(true)
        .setTcpNoDelay(true)
        .setUserAgentEnabled(false);
    this.client = WebClient.create(vertx, options, new PoolOptions().setHttp1MaxSize(connections));
    this.path = url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
    this.body = body;
    this.check = check;
    this.timeoutMillis = timeoutMillis;
    this.recorder = recorder;
  }

  Recorder recorder() {
    return recorder;
  }

  /** @param intended when this request should have left (nanoTime); latency is measured from it */
  void send(long intended, Done done) {
    long sent = System.nanoTime();
    recorder.sent(intended);
    HttpRequest<Buffer> request = client.request(body == null ? HttpMethod.GET : HttpMethod.POST, path)
        .timeout(timeoutMillis);
    var response = body == null
        ? request.send()
        : request.putHeader("content-type", "application/json")
            .putHeader("accept", "application/graphql-response+json")
            .sendBuffer(Buffer.buffer(body));  // a fresh buffer per request: a sent buffer is not reused
    response.onComplete(ar -> {
      long finished = System.nanoTime();
      Verdict verdict;
      int size = -1;
      if (ar.succeeded()) {
        Buffer bytes = ar.result().body();
        byte[] raw = bytes == null ? new byte[0] : bytes.getBytes();
        size = raw.length;
        verdict = check.check(ar.result().statusCode(), raw);
      } else {
        verdict = new Verdict(Outcome.IO_ERROR, ar.cause().getClass().getSimpleName() + ": " + ar.cause().getMessage());
      }
      recorder.completed(intended, sent, finished, verdict, size);
      if (done != null) {
        done.run();
      }
    });
  }

  void close() {
    client.close();
  }
}

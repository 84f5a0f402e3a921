package dev.sheaf.warmup;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

/**
 * One request of the warm-up, sent to the gateway's own routes as a client would send it.
 *
 * @param body the JSON body of a POST, or null for a GET
 */
record WarmupRequest(HttpMethod method, String uri, Buffer body) {

  static WarmupRequest get(String uri) {
    return new WarmupRequest(HttpMethod.GET, uri, null);
  }

  static WarmupRequest graphql(io.vertx.core.json.JsonObject body) {
    return new WarmupRequest(HttpMethod.POST, "/graphql", body.toBuffer());
  }
}

package dev.sheaf.mock;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/** A JSON response that an endpoint wants to send, before any knob distorts it. */
record Reply(int status, JsonObject body) {

  static final String JSON = "application/json";

  static Reply ok(JsonObject body) {
    return new Reply(200, body);
  }

  static Reply created(JsonObject body) {
    return new Reply(201, body);
  }

  static Reply error(int status, String message) {
    return new Reply(status, new JsonObject().put("error", message));
  }

  static Reply notFound(String message) {
    return error(404, message);
  }

  static Reply badRequest(String message) {
    return error(400, message);
  }

  /** Sends the reply as it is, in one piece. */
  void sendTo(HttpServerResponse response) {
    response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(body.encode());
  }
}

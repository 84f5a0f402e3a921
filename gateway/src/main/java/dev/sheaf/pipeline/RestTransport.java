package dev.sheaf.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sheaf.backend.BackendException;
import dev.sheaf.backend.BackendRequest;
import dev.sheaf.backend.RestBackend;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;

/** The bottom of a REST backend's pipeline: sends the request and parses its JSON answer. */
public final class RestTransport implements BackendHandler {

  private final RestBackend backend;
  private final ObjectMapper json;

  public RestTransport(RestBackend backend, ObjectMapper json) {
    this.backend = backend;
    this.json = json;
  }

  @Override
  public Future<Object> handle(BackendCall call) {
    BackendRequest request = (BackendRequest) call.request();
    return backend.send(request, call.deadline()).compose(response -> {
      int status = response.status();
      if (status >= 400) {
        BackendException failure = BackendException.status(request.backend(), status,
            request.method() + " " + request.uri() + " -> " + status);
        long retryAfter = RetryAfter.millis(response.retryAfter());
        return Future.failedFuture(retryAfter < 0 ? failure : failure.withRetryAfter(retryAfter));
      }
      Buffer bytes = response.body();
      if (bytes.length() == 0) {
        return Future.succeededFuture(null);
      }
      try {
        return Future.succeededFuture(json.readValue(bytes.getBytes(), Object.class));
      } catch (IOException e) {
        return Future.failedFuture(BackendException.badResponse(request.backend(), request.method() + " "
            + request.uri() + ": not JSON (" + e.getMessage().lines().findFirst().orElse("") + ")"));
      }
    });
  }
}

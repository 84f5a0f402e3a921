package dev.sheaf.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sheaf.backend.BackendException;
import dev.sheaf.backend.BackendRequest;
import dev.sheaf.backend.RestBackend;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

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
    CacheExchange cache = call.cache();
    BackendRequest request = withValidators((BackendRequest) call.request(), cache);
    return backend.send(request, call.deadline()).compose(response -> {
      int status = response.status();
      if (cache != null) {
        MultiMap headers = response.headers();
        cache.answered(headers.get(HttpHeaders.CACHE_CONTROL), headers.get(HttpHeaders.ETAG),
            headers.get(HttpHeaders.LAST_MODIFIED), headers.get(HttpHeaders.AGE), response.body().length());
        if (status == 304 && (cache.ifNoneMatch() != null || cache.ifModifiedSince() != null)) {
          cache.notModified(); // the stored answer is current: the cache layer has its value
          return Future.succeededFuture(null);
        }
      }
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

  /** The request with the stored answer's validators, when the cache layer asks whether it is current. */
  private static BackendRequest withValidators(BackendRequest request, CacheExchange cache) {
    if (cache == null || (cache.ifNoneMatch() == null && cache.ifModifiedSince() == null)) {
      return request;
    }
    Map<String, String> headers = new LinkedHashMap<>(request.headers());
    if (cache.ifNoneMatch() != null) {
      headers.put("if-none-match", cache.ifNoneMatch());
    }
    if (cache.ifModifiedSince() != null) {
      headers.put("if-modified-since", cache.ifModifiedSince());
    }
    return new BackendRequest(request.backend(), request.method(), request.uri(), headers, request.body());
  }
}

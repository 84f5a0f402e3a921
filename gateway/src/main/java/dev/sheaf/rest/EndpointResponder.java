package dev.sheaf.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sheaf.pipeline.RequestCalls;
import dev.sheaf.resolver.Caller;
import dev.sheaf.server.RequestExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes an endpoint's answer: the resource as JSON with its caching headers (and 304 when the
 * client's copy is current), or an RFC 9457 problem.
 */
final class EndpointResponder {

  /** Says whether every field of the resource resolved: {@code true}, or {@code false} for a partial answer. */
  static final String COMPLETE = "Sheaf-Complete";

  private static final Logger LOG = LoggerFactory.getLogger(EndpointResponder.class);
  private static final String JSON = "application/json; charset=utf-8";
  private static final String PROBLEM_JSON = "application/problem+json; charset=utf-8";

  private static final String UNSERIALIZABLE =
      "{\"type\":\"about:blank\",\"title\":\"Internal Server Error\",\"status\":500}";

  private final ObjectMapper json;

  EndpointResponder(ObjectMapper json) {
    this.json = json;
  }

  /** The validator and Cache-Control a cacheable answer went out with. */
  record Sent(String etag, String cacheControl) {
  }

  /** @return what a cacheable (complete, GET) answer went out with; null for any other answer */
  Sent respond(RoutingContext ctx, Endpoint endpoint, Outcome outcome) {
    if (ctx.response().ended() || ctx.response().closed()) {
      return null; // the client went away
    }
    if (outcome instanceof Outcome.Complete complete) {
      return complete(ctx, endpoint, complete.resource());
    }
    if (outcome instanceof Outcome.Partial partial) {
      partial(ctx, endpoint, partial);
    } else if (outcome instanceof Outcome.Unavailable unavailable) {
      problem(ctx, unavailable.problem());
    }
    return null;
  }

  /**
   * 304 for a client whose copy is current, known without running the operation: every answer it was
   * built from is still stored and fresh.
   */
  void notModified(RoutingContext ctx, Endpoint endpoint, Sent known) {
    HttpServerResponse response = ctx.response().putHeader(COMPLETE, "true")
        .putHeader(HttpHeaders.ETAG, known.etag())
        .putHeader(HttpHeaders.CACHE_CONTROL, known.cacheControl());
    response.headers().add(HttpHeaders.VARY, endpoint.cache().vary());
    response.setStatusCode(304).end();
  }

  void problem(RoutingContext ctx, Problem problem) {
    HttpServerResponse response = ctx.response();
    if (response.ended() || response.closed()) {
      return;
    }
    Buffer body = bytes(ctx, problem.toJson());
    if (body == null) {
      return;
    }
    if (problem.status() == 401) {
      response.putHeader("WWW-Authenticate", "Bearer realm=\"sheaf\""); // a 401 must say how to authenticate
    }
    response.setStatusCode(problem.status())
        .putHeader(HttpHeaders.CONTENT_TYPE, PROBLEM_JSON)
        .putHeader(HttpHeaders.CACHE_CONTROL, CachePolicy.NO_STORE)
        .end(body);
  }

  /**
   * A complete answer to a safe request is cacheable: a strong ETag over the exact bytes, the
   * endpoint's Cache-Control (private when the request carried credentials), and 304 when the
   * client already holds these bytes.
   */
  private Sent complete(RoutingContext ctx, Endpoint endpoint, Object resource) {
    Buffer body = bytes(ctx, resource);
    if (body == null) {
      return null;
    }
    HttpServerResponse response = ctx.response().putHeader(COMPLETE, "true");
    HttpMethod method = ctx.request().method();
    if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
      // A null resource here is notFound: 200, which the endpoint's compiler allows only with status 200.
      write(response.putHeader(HttpHeaders.CACHE_CONTROL, CachePolicy.NO_STORE), endpoint.status(), body);
      return null;
    }
    String tag = EntityTag.of(body.getBytes());
    String cacheControl = endpoint.cache().cacheControlFor(carriesCredentials(ctx), shortestBackendLifetime(ctx));
    response.putHeader(HttpHeaders.ETAG, tag).putHeader(HttpHeaders.CACHE_CONTROL, cacheControl);
    // Added, not put: the CORS handler may already vary the answer by Origin.
    response.headers().add(HttpHeaders.VARY, endpoint.cache().vary());
    if (EntityTag.matches(ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH), tag)) {
      response.setStatusCode(304).end();
    } else {
      write(response, endpoint.status(), body);
    }
    return new Sent(tag, cacheControl);
  }

  /**
   * In seconds, how much longer the shortest-lived backend answer of the resource stays fresh, as
   * the answer cache judged it; Long.MAX_VALUE when no cached backend said.
   */
  private static long shortestBackendLifetime(RoutingContext ctx) {
    RequestCalls calls = ctx.get(RequestCalls.CONTEXT_KEY);
    long millis = calls == null ? Long.MAX_VALUE : calls.freshForMillis();
    return millis == Long.MAX_VALUE ? Long.MAX_VALUE : millis / 1000;
  }

  /**
   * An Authorization header, or a caller the auth handler identified (its token may come in a
   * cookie): the answer may be this caller's own, so no shared cache may keep it.
   */
  private static boolean carriesCredentials(RoutingContext ctx) {
    Caller caller = ctx.get(RequestExecutor.CALLER_KEY);
    return ctx.request().headers().contains(HttpHeaders.AUTHORIZATION) || (caller != null && caller.authenticated());
  }

  /** Partial data must not outlive the failure: never stored, never validated. */
  private void partial(RoutingContext ctx, Endpoint endpoint, Outcome.Partial partial) {
    Map<String, Object> resource = new LinkedHashMap<>(partial.resource());
    resource.put(ResponseShapeCompiler.ERRORS, partial.errors());
    Buffer body = bytes(ctx, resource);
    if (body == null) {
      return;
    }
    write(ctx.response().putHeader(COMPLETE, "false").putHeader(HttpHeaders.CACHE_CONTROL, CachePolicy.NO_STORE),
        endpoint.status(), body);
  }

  private static void write(HttpServerResponse response, int status, Buffer body) {
    response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(body);
  }

  /** @return the JSON bytes, or null after answering 500 (a value Jackson cannot write is a gateway fault) */
  private Buffer bytes(RoutingContext ctx, Object value) {
    try {
      return Buffer.buffer(json.writeValueAsBytes(value));
    } catch (JsonProcessingException e) {
      LOG.error("cannot serialize an endpoint's answer", e);
      if (!ctx.response().ended() && !ctx.response().closed()) {
        ctx.response().setStatusCode(500).putHeader(HttpHeaders.CONTENT_TYPE, PROBLEM_JSON)
            .putHeader(HttpHeaders.CACHE_CONTROL, CachePolicy.NO_STORE).end(UNSERIALIZABLE);
      }
      return null;
    }
  }
}

package dev.sheaf.resolver;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sheaf.backend.BackendException;
import dev.sheaf.backend.BackendRequest;
import dev.sheaf.backend.Deadline;
import dev.sheaf.backend.ErrorCode;
import dev.sheaf.backend.RestBackend;
import dev.sheaf.backend.grpc.RpcRequest;
import dev.sheaf.pipeline.BackendCall;
import dev.sheaf.pipeline.RequestCalls;
import dev.sheaf.backend.grpc.ProtoJson;
import dev.sheaf.binding.BackendConfig;
import dev.sheaf.binding.CallTemplate;
import dev.sheaf.binding.HttpCall;
import dev.sheaf.binding.RpcCall;
import dev.sheaf.binding.TemplateScope;
import dev.sheaf.binding.UnsafeValueException;
import com.google.protobuf.DynamicMessage;
import graphql.schema.DataFetchingEnvironment;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Everything one client request shares while it resolves: its deadline, the client headers, the
 * calls already made (so identical calls are made once) and the per-request entity batchers.
 * Confined to the request's event loop, so it needs no locks.
 */
public final class RequestScope {

  private final Deadline deadline;
  private final Map<String, String> clientHeaders;
  private final Backends backends;
  private final EntityLoaders entityLoaders;
  private final ObjectMapper json;
  private final ProtoJson protoJson;
  private final Context context;
  private final TemplateScope templates;
  private final Caller caller;
  private final String requestId;
  private final RequestCalls calls;
  private final Map<String, EntityBatcher> loaders = new HashMap<>();
  private boolean dispatchScheduled;

  /** The header every backend call carries the request's id in (gRPC: metadata). */
  public static final String REQUEST_ID_HEADER = "x-request-id";

  private static final String RESOLVER_ROUTE = " (resolver)";

  /**
   * @param clientHeaders the client's request headers, names in lower case
   * @param requestId     the id every backend call of this request carries
   */
  public RequestScope(Deadline deadline, Map<String, String> clientHeaders, Caller caller, String requestId,
                      Upstreams upstreams, Context context) {
    this(deadline, clientHeaders, caller, requestId, upstreams, context, null);
  }

  /** @param trace the client request's span in its context, the parent of its calls' spans; null: not traced */
  public RequestScope(Deadline deadline, Map<String, String> clientHeaders, Caller caller, String requestId,
                      Upstreams upstreams, Context context, io.opentelemetry.context.Context trace) {
    this.deadline = deadline;
    this.clientHeaders = clientHeaders;
    this.backends = upstreams.backends();
    this.entityLoaders = upstreams.entityLoaders();
    this.json = upstreams.json();
    this.protoJson = upstreams.protoJson();
    this.context = context;
    this.caller = caller;
    this.requestId = requestId;
    this.calls = new RequestCalls(deadline, requestId, trace);
    this.templates = new TemplateScope(Map.of(), null, clientHeaders, caller.claims(), null);
  }

  public static RequestScope of(DataFetchingEnvironment env) {
    return env.getGraphQlContext().get(RequestScope.class);
  }

  public Deadline deadline() {
    return deadline;
  }

  public Map<String, String> clientHeaders() {
    return clientHeaders;
  }

  public Caller caller() {
    return caller;
  }

  public String requestId() {
    return requestId;
  }

  /** The client request's span, in its context; null when the request is not traced. */
  public io.opentelemetry.context.Context trace() {
    return calls.trace();
  }

  /** What templates of this request draw on besides a field's arguments and parent. */
  public TemplateScope templates() {
    return templates;
  }

  /**
   * Renders and makes a bound call; the answer as JSON-shaped values.
   *
   * @return null when a path placeholder has no value (there is nothing to look up)
   */
  public Future<Object> call(String backendName, CallTemplate call, TemplateScope templates) {
    try {
      if (call instanceof RpcCall rpc) {
        Object request = rpc.request() == null ? null : rpc.request().render(templates);
        return callRpc(backendName, rpc, request);
      }
      HttpCall http = (HttpCall) call;
      String uri = http.renderUri(templates);
      if (uri == null) {
        return null;
      }
      return fetch(backendName, http.route(), http.method(), uri,
          http.body() == null ? null : http.body().render(templates));
    } catch (UnsafeValueException e) {
      return Future.failedFuture(refused(backendName, e));
    }
  }

  /** A value the call cannot carry is the caller's input at fault: no call is made. */
  static BackendException refused(String backendName, UnsafeValueException e) {
    return new BackendException(ErrorCode.BAD_USER_INPUT, backendName, 0,
        "Refused before calling backend '" + backendName + "': " + e.getMessage(), e.getMessage());
  }

  private Future<Object> callRpc(String backendName, RpcCall rpc, Object request) {
    Map<String, String> metadata = forwardedHeaders(backends.grpc(backendName).config());
    DynamicMessage message;
    try {
      message = protoJson.toMessage(rpc.method().getInputType(), request);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(new BackendException(ErrorCode.BAD_USER_INPUT, backendName, 0,
          "The arguments do not fit the request of " + rpc.fullName(), e.getMessage()));
    }
    RpcRequest rendered = new RpcRequest(backendName, rpc.method(), message, metadata, rpc.isRead());
    return backends.pipeline(backendName).handle(new BackendCall(backendName, rpc.route(), rendered, calls));
  }

  /**
   * Calls a REST backend for a Java resolver and parses its JSON answer; the same read within this
   * request is made once. Fails only with {@link BackendException}. The resolver's URL is rendered
   * already, so its calls count under {@code METHOD (resolver)}: a rendered URL is no label.
   *
   * @param body a JSON-shaped value to send, or null
   */
  public Future<Object> fetch(String backendName, String method, String uri, Object body) {
    return fetch(backendName, method + RESOLVER_ROUTE, method, uri, body);
  }

  private Future<Object> fetch(String backendName, String route, String method, String uri, Object body) {
    RestBackend backend = backends.rest(backendName);
    Buffer bodyBytes = body == null ? null : encode(body);
    Map<String, String> headers;
    try {
      headers = forwardedHeaders(backend.config());
    } catch (UnsafeValueException e) {
      return Future.failedFuture(refused(backendName, e));
    }
    BackendRequest request = new BackendRequest(backendName, method, uri, headers, bodyBytes);
    return backends.pipeline(backendName).handle(new BackendCall(backendName, route, request, calls));
  }

  /**
   * The headers a backend gets: allow-listed client headers, then (opt-in) the validated
   * Authorization header and token claims as headers, and always the request's id. Claim headers
   * are never taken from the client: start-up refuses to allow-list their names.
   */
  private Map<String, String> forwardedHeaders(BackendConfig backend) {
    if (backend.forwardHeaders().isEmpty() && !backend.forwardAuthorization() && backend.claimHeaders().isEmpty()) {
      return Map.of(REQUEST_ID_HEADER, requestId);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (String name : backend.forwardHeaders()) {
      String value = clientHeaders.get(name);
      if (value != null) {
        headers.put(name, value);
      }
    }
    if (backend.forwardAuthorization() && caller.authenticated() && clientHeaders.containsKey("authorization")) {
      headers.put("authorization", clientHeaders.get("authorization"));
    }
    backend.claimHeaders().forEach((header, claim) -> {
      Object value = templates.claims().get(claim);
      if (value != null) {
        headers.put(header, HeaderValues.of(claim, value));
      }
    });
    headers.put(REQUEST_ID_HEADER, requestId);
    return headers;
  }

  private Buffer encode(Object body) {
    try {
      return Buffer.buffer(json.writeValueAsBytes(body));
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode a request body", e);
    }
  }

  /**
   * Loads one entity by key. Keys asked for during the same event-loop turn go to the backend in
   * one batch call: graphql-java asks for all siblings of a list in one turn, and keys asked for
   * after a backend answered (e.g. recommended product ids) batch too.
   */
  public CompletableFuture<Object> loadEntity(String type, String key) {
    CompletableFuture<Object> result = loader(type).load(key);
    scheduleDispatch();
    return result;
  }

  /** The backend an entity is loaded from. */
  String entityBackend(String type) {
    return entityLoaders.binding(type).backend();
  }

  /** The field each object of the entity is matched back by, e.g. {@code id}. */
  String entityKeyField(String type) {
    return entityLoaders.binding(type).keyField();
  }

  private EntityBatcher loader(String type) {
    return loaders.computeIfAbsent(type, t -> entityLoaders.newBatcher(entityLoaders.binding(t), this));
  }

  private void scheduleDispatch() {
    if (dispatchScheduled) {
      return;
    }
    dispatchScheduled = true;
    context.runOnContext(v -> {
      dispatchScheduled = false;
      loaders.values().forEach(EntityBatcher::dispatch);
    });
  }
}

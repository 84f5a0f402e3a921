package dev.sheaf.resolver;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sheaf.backend.BackendException;
import dev.sheaf.backend.BackendRequest;
import dev.sheaf.backend.CallRequest;
import dev.sheaf.backend.Deadline;
import dev.sheaf.backend.ErrorCode;
import dev.sheaf.backend.grpc.RpcRequest;
import dev.sheaf.cache.AnswerCache;
import dev.sheaf.pipeline.BackendCall;
import dev.sheaf.pipeline.CallRecords;
import dev.sheaf.pipeline.Served;
import dev.sheaf.pipeline.CacheExchange;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

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
  private final LookupLevels levels = new LookupLevels();
  private List<String> fallbacks; // most requests need none: made on the first
  private boolean dispatchScheduled;
  private String operationName;
  private String operationType;

  /** The header every backend call carries the request's id in (gRPC: metadata). */
  public static final String REQUEST_ID_HEADER = CallRequest.REQUEST_ID_HEADER;

  private static final String RESOLVER_ROUTE = " (resolver)";

  /**
   * @param clientHeaders the client's request headers, names in lower case
   * @param requestId     the id every backend call of this request carries
   * @param records       where its backend calls are recorded, or null for no record
   */
  public RequestScope(Deadline deadline, Map<String, String> clientHeaders, Caller caller, String requestId,
                      Upstreams upstreams, Context context, CallRecords records) {
    this(deadline, clientHeaders, caller, requestId, upstreams, context, records, null);
  }

  /** @param trace the client request's span in its context, the parent of its calls' spans; null: not traced */
  public RequestScope(Deadline deadline, Map<String, String> clientHeaders, Caller caller, String requestId,
                      Upstreams upstreams, Context context, CallRecords records,
                      io.opentelemetry.context.Context trace) {
    this.deadline = deadline;
    this.clientHeaders = clientHeaders;
    this.backends = upstreams.backends();
    this.entityLoaders = upstreams.entityLoaders();
    this.json = upstreams.json();
    this.protoJson = upstreams.protoJson();
    this.context = context;
    this.caller = caller;
    this.requestId = requestId;
    this.calls = new RequestCalls(deadline, requestId, trace, records);
    this.templates = new TemplateScope(Map.of(), null, clientHeaders, caller.claims(), null);
  }

  public static RequestScope of(DataFetchingEnvironment env) {
    return env.getGraphQlContext().get(RequestScope.class);
  }

  /**
   * A field resolved through its binding's declared fallback, not its backend's answer: named in the
   * response and counted by backend, field coordinate and kind ({@code value} or {@code stale}).
   */
  public void servedByFallback(String path, String backend, String field, String kind) {
    backends.countFallback(backend, field, kind);
    if (fallbacks == null) {
      fallbacks = new ArrayList<>(2);
    }
    fallbacks.add(path);
  }

  /** The paths of the fields served by a fallback so far (extensions.sheaf.fallbacks). */
  public List<String> fallbacks() {
    return fallbacks == null ? List.of() : List.copyOf(fallbacks);
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

  /** The operation being executed, once graphql-java chose it: its name (null when it has none) and type. */
  public void operation(String name, String type) {
    this.operationName = name;
    this.operationType = type;
  }

  public String operationName() {
    return operationName;
  }

  /** {@code query}, {@code mutation} or {@code subscription}; null until the operation runs. */
  public String operationType() {
    return operationType;
  }

  /** What templates of this request draw on besides a field's arguments and parent. */
  public TemplateScope templates() {
    return templates;
  }

  /** The level of the query a fetcher works at: 1 for root fields, list indexes not counted. */
  static int levelOf(DataFetchingEnvironment env) {
    return env.getExecutionStepInfo().getPath().getLevel();
  }

  /**
   * Renders and makes a bound call; the answer as JSON-shaped values. Entity lookups of deeper
   * levels wait for it (see {@link LookupLevels}).
   *
   * @param level       the level of the field whose fetcher makes the call
   * @param addsLookups its answer may add entity lookups of {@code level} itself (a {@code keysOf} list)
   * @param served      the fields the call is for (the request's waterfall shows them)
   * @return null when a path placeholder has no value (there is nothing to look up)
   */
  public Future<Object> call(String backendName, CallTemplate call, TemplateScope templates, int level,
                             boolean addsLookups, Served served) {
    return call(backendName, call, templates, level, addsLookups, served, null);
  }

  /**
   * Like {@link #call(String, CallTemplate, TemplateScope, int, boolean, Served)}, telling {@code rendered}
   * the request it sends (e.g. to key the last good answer of the same call by it); null for no one to tell.
   */
  public Future<Object> call(String backendName, CallTemplate call, TemplateScope templates, int level,
                             boolean addsLookups, Served served, Consumer<CallRequest> rendered) {
    return call(backendName, call, templates, level, addsLookups, served, rendered, null);
  }

  /**
   * As above; {@code cache} learns from the cache layer how long the answer may be kept (an entity
   * batch stores its objects one by one), or is null.
   */
  Future<Object> call(String backendName, CallTemplate call, TemplateScope templates, int level, boolean addsLookups,
                      Served served, Consumer<CallRequest> rendered, CacheExchange cache) {
    Future<Object> answer = render(backendName, call, templates, served, rendered, cache);
    return answer == null ? null : tracked(answer, level, addsLookups);
  }

  private Future<Object> render(String backendName, CallTemplate call, TemplateScope templates, Served served,
                                Consumer<CallRequest> rendered, CacheExchange cache) {
    try {
      if (call instanceof RpcCall rpc) {
        Object request = rpc.request() == null ? null : rpc.request().render(templates);
        return callRpc(backendName, rpc, request, served, rendered, cache);
      }
      HttpCall http = (HttpCall) call;
      String uri = http.renderUri(templates);
      if (uri == null) {
        return null;
      }
      return fetch(backendName, http.route(), http.method(), uri,
          http.body() == null ? null : http.body().render(templates), served, rendered, cache);
    } catch (UnsafeValueException e) {
      return Future.failedFuture(refused(backendName, e));
    }
  }

  /** Counts {@code answer} as a call of {@code level} in flight until it completes (see {@link LookupLevels}). */
  <T> Future<T> tracked(Future<T> answer, int level, boolean addsLookups) {
    levels.started(level, addsLookups);
    return answer.onComplete(ar -> {
      levels.ended(level, addsLookups);
      for (EntityBatcher batcher : loaders.values()) { // after every call's answer: a loop, not a stream
        if (batcher.hasQueued()) {
          scheduleDispatch();
          break;
        }
      }
    });
  }

  /** A value the call cannot carry is the caller's input at fault: no call is made. */
  static BackendException refused(String backendName, UnsafeValueException e) {
    return new BackendException(ErrorCode.BAD_USER_INPUT, backendName, 0,
        "Refused before calling backend '" + backendName + "': " + e.getMessage(), e.getMessage());
  }

  private Future<Object> callRpc(String backendName, RpcCall rpc, Object request, Served served,
                                 Consumer<CallRequest> rendered, CacheExchange cache) {
    Map<String, String> metadata = forwardedHeaders(backends.grpcConfig(backendName));
    DynamicMessage message;
    try {
      message = protoJson.toMessage(rpc.method().getInputType(), request);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(new BackendException(ErrorCode.BAD_USER_INPUT, backendName, 0,
          "The arguments do not fit the request of " + rpc.fullName(), e.getMessage()));
    }
    return send(backendName, rpc.route(), new RpcRequest(backendName, rpc.method(), message, metadata, rpc.isRead()),
        served, rendered, cache);
  }

  /**
   * Calls a REST backend for a Java resolver and parses its JSON answer; the same read within this
   * request is made once. Fails only with {@link BackendException}. The resolver's URL is rendered
   * already, so its calls count under {@code METHOD (resolver)}: a rendered URL is no label.
   *
   * @param body  a JSON-shaped value to send, or null
   * @param level the resolver's field's level; what it looks up after the answer counts to that level
   * @param field the path of the field whose resolver makes the call
   */
  public Future<Object> fetch(String backendName, String method, String uri, Object body, int level, Object field) {
    return tracked(fetch(backendName, method + RESOLVER_ROUTE, method, uri, body, Served.field(field), null, null),
        level, true);
  }

  private Future<Object> fetch(String backendName, String route, String method, String uri, Object body,
                               Served served, Consumer<CallRequest> rendered, CacheExchange cache) {
    BackendConfig backend = backends.restConfig(backendName);
    Buffer bodyBytes = body == null ? null : encode(body);
    Map<String, String> headers;
    try {
      headers = forwardedHeaders(backend);
    } catch (UnsafeValueException e) {
      return Future.failedFuture(refused(backendName, e));
    }
    return send(backendName, route, new BackendRequest(backendName, method, uri, headers, bodyBytes), served, rendered,
        cache);
  }

  private Future<Object> send(String backendName, String route, CallRequest request, Served served,
                              Consumer<CallRequest> rendered, CacheExchange cache) {
    if (rendered != null) {
      rendered.accept(request);
    }
    return backends.pipeline(backendName).handle(new BackendCall(backendName, route, request, calls, served, cache));
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

  /** Whether this request is the gateway's warm-up, whose answers are made up (see {@link Backends#rehearsal}). */
  public boolean rehearsal() {
    return backends.rehearsal();
  }

  /** The request's record of its calls: which stored answers it used, how long they stay fresh. */
  public RequestCalls calls() {
    return calls;
  }

  /** The backend's answer cache, or null when its answers are not cached. */
  AnswerCache cacheOf(String backendName) {
    return backends.cacheOf(backendName);
  }

  /**
   * The headers a call to the backend carries, its request id left out: what its cached answers are
   * keyed by. Null when they carry the caller's identity and the backend caches nothing per caller.
   */
  Map<String, String> cacheScope(String backendName) {
    BackendConfig config = backends.config(backendName);
    Map<String, String> headers;
    try {
      headers = new LinkedHashMap<>(forwardedHeaders(config));
    } catch (UnsafeValueException e) {
      return null; // the call itself is refused, with the reason, when it is made
    }
    headers.remove(REQUEST_ID_HEADER);
    boolean identified = headers.containsKey("authorization")
        || config.claimHeaders().keySet().stream().anyMatch(headers::containsKey);
    return identified && !config.cache().perCaller() ? null : headers;
  }

  /** A mutation succeeded: the cached answers it names are stale. */
  void invalidate(List<String> names) {
    AnswerCache cache = backends.cache();
    if (cache != null && !names.isEmpty()) {
      cache.invalidate(names);
    }
  }

  private Buffer encode(Object body) {
    try {
      return Buffer.buffer(json.writeValueAsBytes(body));
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode a request body", e);
    }
  }

  /**
   * Loads one entity by key. The keys of a type asked for at one level of the query go to the
   * backend in one batch call, sent once that level's lookups are all made: when every field of the
   * levels above has its value (sibling root fields that answer at different times included), and
   * every call of this level that may still ask for keys ({@code keysOf}) has answered.
   *
   * @param level the level of the field whose fetcher asks
   * @param field the path of the field the entity is for
   */
  public CompletableFuture<Object> loadEntity(String type, String key, int level, Object field) {
    CompletableFuture<Object> result = loader(type).load(key, level, field);
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
    // On the next turn: the answer that ended a call has by then run its fields' fetchers, so the
    // lookups (and calls) of the level below are made.
    context.runOnContext(v -> {
      dispatchScheduled = false;
      int complete = levels.completeUpTo();
      loaders.values().forEach(batcher -> batcher.dispatch(complete));
    });
  }
}

package dev.sheaf.resolver;

import dev.sheaf.backend.BackendException;
import dev.sheaf.backend.ErrorCode;
import dev.sheaf.binding.Fallback;
import dev.sheaf.binding.FieldBinding;
import dev.sheaf.binding.Selector;
import dev.sheaf.binding.TemplateScope;
import dev.sheaf.pipeline.Served;
import graphql.execution.ResultPath;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLTypeUtil;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Resolves a field with one REST call, as its binding says. */
final class CallFieldFetcher implements DataFetcher<CompletableFuture<Object>> {

  /** What {@link LastGoodAnswers#lastOr} answers when it has nothing: no answer is this one. */
  private static final Object NONE = new Object();

  private final FieldBinding.Call binding;
  private final Prefetcher prefetcher;
  private final LastGoodAnswers lastGood; // only for fallback: { stale: … }

  CallFieldFetcher(FieldBinding.Call binding, Prefetcher prefetcher) {
    this.binding = binding;
    this.prefetcher = prefetcher;
    this.lastGood = binding.fallback() instanceof Fallback.Stale stale ? new LastGoodAnswers(stale) : null;
  }

  @Override
  public CompletableFuture<Object> get(DataFetchingEnvironment env) {
    RequestScope scope = RequestScope.of(env);
    TemplateScope templates = scope.templates().forChild(env.getArguments(), env.getSource());
    int level = RequestScope.levelOf(env);
    Object[] callKey = new Object[1]; // the rendered call, for its last good answer
    Future<Object> answer = scope.call(binding.backend(), binding.call(), templates, level, binding.keysOf() != null,
        Served.field(env.getExecutionStepInfo().getPath()),
        // A warm-up's made-up answer must never stand in for a real one later.
        lastGood == null || scope.rehearsal() ? null : request -> callKey[0] = request.acrossRequestsKey());
    if (answer == null) {
      return CompletableFuture.completedFuture(null); // a path value is missing: nothing to look up
    }
    if (!binding.known().isEmpty()) {
      prefetcher.startChildren(env, scope, Prefetcher.knownValues(env, scope, binding), level);
    }
    if (!binding.invalidates().isEmpty()) {
      answer = answer.onSuccess(changed -> scope.invalidate(binding.invalidates()));
    }
    Future<Object> value = answer.map(this::select);
    if (binding.notFoundAsNull()) {
      value = value.recover(e -> e instanceof BackendException be && be.isNotFound()
          ? Future.succeededFuture(null) : Future.failedFuture(e));
    }
    if (binding.fallback() != null) {
      value = withFallback(value, env, scope, callKey[0]);
    }
    CompletableFuture<Object> result = FieldFutures.of(value);
    if (binding.keysOf() != null) {
      result = result.thenCompose(keys -> loadEntities(env, scope, keys, level));
    }
    boolean list = GraphQLTypeUtil.isList(GraphQLTypeUtil.unwrapNonNull(env.getFieldType()));
    boolean object = !list && !GraphQLTypeUtil.isLeaf(env.getFieldType());
    return result.thenApply(v -> checkShape(v, list, object));
  }

  /**
   * The binding's fallback in place of a backend's failure, the field named in the response's
   * extensions.sheaf.fallbacks; a failure of the caller's own (a 4xx, a refused input) stays an error.
   */
  private Future<Object> withFallback(Future<Object> value, DataFetchingEnvironment env, RequestScope scope,
                                      Object callKey) {
    if (binding.fallback() instanceof Fallback.Value literal) {
      return value.recover(e -> {
        if (!isBackendFailure(e)) {
          return Future.failedFuture(e);
        }
        scope.servedByFallback(pathOf(env), binding.backend(), coordinateOf(env), "value");
        return Future.succeededFuture(literal.value());
      });
    }
    if (callKey == null) {
      return value; // a call that changes something, or one never sent: nothing to remember it by
    }
    return value.andThen(done -> {
      if (done.succeeded()) {
        lastGood.remember(callKey, done.result());
      }
    }).recover(e -> {
      Object last = isBackendFailure(e) ? lastGood.lastOr(callKey, NONE) : NONE;
      if (last == NONE) {
        return Future.failedFuture(e);
      }
      scope.servedByFallback(pathOf(env), binding.backend(), coordinateOf(env), "stale");
      return Future.succeededFuture(last);
    });
  }

  /** Down, slow, broken or spared by the gateway (circuit open, bulkhead full), or an answer it cannot use. */
  private static boolean isBackendFailure(Throwable e) {
    return e instanceof BackendException be && (be.isBackendFault() || be.code() == ErrorCode.BAD_BACKEND_RESPONSE
        || be.status() == 429);
  }

  /** The field in the schema, e.g. {@code User.recommendations}: a bounded metric label, unlike its path. */
  private static String coordinateOf(DataFetchingEnvironment env) {
    return GraphQLTypeUtil.simplePrint(env.getParentType()) + "." + env.getField().getName();
  }

  /** The field's place in the response, e.g. {@code user.recommendations} or {@code users.2.orders}. */
  private static String pathOf(DataFetchingEnvironment env) {
    return env.getExecutionStepInfo().getPath().toList().stream().map(String::valueOf)
        .collect(java.util.stream.Collectors.joining("."));
  }
  private Object select(Object answer) {
    try {
      return binding.call().selector().select(answer);
    } catch (Selector.WrongShapeException e) {
      throw BackendException.badResponse(binding.backend(), e.getMessage());
    }
  }

  private CompletableFuture<Object> loadEntities(DataFetchingEnvironment env, RequestScope scope, Object keys,
                                                 int level) {
    if (keys == null) {
      return CompletableFuture.completedFuture(null);
    }
    if (!(keys instanceof List<?> list)) {
      throw BackendException.badResponse(binding.backend(), "expected a list of keys at " + binding.call().selector());
    }
    String keyField = scope.entityKeyField(binding.keysOf());
    List<Prefetcher.Child> children = prefetcher.children(env);
    ResultPath path = env.getExecutionStepInfo().getPath();
    CompletableFuture<?>[] loads = new CompletableFuture<?>[list.size()];
    for (int i = 0; i < loads.length; i++) {
      Object item = list.get(i);
      if (!(item instanceof String || item instanceof Number)) {
        // Java's text of an object would become a key, and a URL of the entity's backend.
        throw BackendException.badResponse(binding.backend(), "expected keys (strings or numbers) at "
            + binding.call().selector() + ", got " + (item == null ? "null" : item instanceof Map ? "an object" : "a list"));
      }
      String key = item.toString();
      // One path per item: graphql-java builds a path's text as it makes it, so each one costs.
      ResultPath itemPath = path.segment(i);
      loads[i] = scope.loadEntity(binding.keysOf(), key, level, itemPath);
      // Each entity's key is known now: children needing only the key start in this same turn,
      // so their batches go out together with this entity's batch.
      prefetcher.startChildren(children, scope, Map.of(keyField, key), level, itemPath);
    }
    return CompletableFuture.allOf(loads).thenApply(v -> List.of(loads).stream().map(CompletableFuture::join)
        .map(Object.class::cast).collect(java.util.stream.Collectors.toList()));
  }

  private Object checkShape(Object value, boolean list, boolean object) {
    if (value == null) {
      return null;
    }
    if (list && !(value instanceof List<?>)) {
      throw BackendException.badResponse(binding.backend(), "expected a list at " + binding.call().selector());
    }
    if (object && !(value instanceof Map<?, ?>)) {
      throw BackendException.badResponse(binding.backend(), "expected an object at " + binding.call().selector());
    }
    return value;
  }
}

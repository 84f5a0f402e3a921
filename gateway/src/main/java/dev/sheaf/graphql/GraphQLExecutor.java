package dev.sheaf.graphql;

import graphql.execution.instrumentation.Instrumentation;
import dev.sheaf.authz.FieldAuthorization;
import dev.sheaf.config.ConfigException;
import dev.sheaf.resolver.ErrorMapper;
import dev.sheaf.resolver.RequestScope;
import graphql.Directives;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.ExperimentalApi;
import graphql.GraphQL;
import graphql.TypeResolutionEnvironment;
import graphql.execution.ExecutionId;
import graphql.schema.FieldCoordinates;
import graphql.schema.GraphQLCodeRegistry;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.schema.TypeResolver;
import graphql.schema.idl.InterfaceWiringEnvironment;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.TypeDefinitionRegistry;
import graphql.schema.idl.UnionWiringEnvironment;
import graphql.schema.idl.WiringFactory;
import graphql.schema.idl.errors.SchemaProblem;
import io.opentelemetry.api.OpenTelemetry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Executes GraphQL requests against the schema: fully asynchronous (fields return futures of
 * backend calls, sibling fields start together), with each distinct document parsed and
 * validated once.
 */
public final class GraphQLExecutor {

  private final GraphQL graphQL;
  private final GraphQLSchema schema;

  /**
   * @param shape the schema from {@link #shapeOf}, which the bindings were validated against
   * @param code  the fetchers of the bound fields, added to the shape's own registry (type resolvers)
   * @param limits how big a client's document may be
   */
  public GraphQLExecutor(GraphQLSchema shape, Consumer<GraphQLCodeRegistry.Builder> code, int documentCacheSize,
                         QueryLimits limits) {
    this(shape, code, documentCacheSize, limits, true, coordinates -> null);
  }

  /**
   * @param introspection whether clients may ask {@code __schema} and {@code __type}
   * @param backendOf the backend whose answer a bound field's value comes from (null for none): a
   *                  value that does not fit its type is reported against it
   */
  public GraphQLExecutor(GraphQLSchema shape, Consumer<GraphQLCodeRegistry.Builder> code, int documentCacheSize,
                         QueryLimits limits, boolean introspection, Function<FieldCoordinates, String> backendOf) {
    this(shape, code, documentCacheSize, limits, introspection, backendOf, null, null);
  }

  /**
   * @param tracing the gateway's tracing, which gets parse and validation spans; null when it is off
   * @param cost measures and limits documents' cost in backend calls; null for no cost limit
   */
  public GraphQLExecutor(GraphQLSchema shape, Consumer<GraphQLCodeRegistry.Builder> code, int documentCacheSize,
                         QueryLimits limits, boolean introspection, Function<FieldCoordinates, String> backendOf,
                         OpenTelemetry tracing, OperationCost cost) {
    // The types are built once, in shapeOf; wiring the fetchers only swaps the code registry.
    GraphQLCodeRegistry registry = shape.getCodeRegistry().transform(code);
    this.schema = FieldAuthorization.apply(shape.transformWithoutTypes(builder -> builder.codeRegistry(registry)));
    ErrorMapper errors = new ErrorMapper();
    LeafValues leaves = new LeafValues(backendOf);
    PlainLeaves plain = new PlainLeaves(schema);
    // One instrumentation, no chain: graphql-java's chain calls every member on every field (a context
    // list and a lambda per field and hook), so naming extends the error codes and tracing extends naming.
    Instrumentation instrumentation = tracing == null ? new OperationNaming() : new OperationTracing(tracing);
    this.graphQL = GraphQL.newGraphQL(schema)
        .instrumentation(instrumentation)
        .queryExecutionStrategy(new CodedLeavesStrategies.Concurrent(errors, leaves, plain))
        .mutationExecutionStrategy(new CodedLeavesStrategies.Serial(errors, leaves))
        .defaultDataFetcherExceptionHandler(errors)
        .preparsedDocumentProvider(new DocumentCache(documentCacheSize, limits, cost, introspection))
        // Batching is the gateway's own (RequestScope dispatches per event-loop turn): skip
        // graphql-java's per-field data-loader bookkeeping.
        .doNotAutomaticallyDispatchDataLoader()
        .build();
  }

  /**
   * The schema's types, with interfaces and unions resolved by {@code __typename} but no fetchers
   * yet: bindings are validated against it, then {@link #GraphQLExecutor} wires their fetchers in.
   */
  public static GraphQLSchema shapeOf(TypeDefinitionRegistry types) {
    RuntimeWiring wiring = RuntimeWiring.newRuntimeWiring()
        .strictMode(false) // lets the strict ID replace the built-in one
        .scalar(StrictScalars.ID)
        .wiringFactory(new TypenameWiring())
        .build();
    GraphQLSchema schema;
    try {
      schema = new SchemaGenerator().makeExecutableSchema(types, wiring);
    } catch (SchemaProblem e) {
      throw new ConfigException(SchemaFiles.describe(e, "schema"), e);
    }
    // @defer is graphql-java's experimental directive, not a built-in one: every schema declares it
    // so that clients may defer fragments (see execute's incremental flag).
    return schema.getDirective(Directives.DeferDirective.getName()) != null ? schema
        : schema.transform(builder -> builder.additionalDirective(Directives.DeferDirective));
  }

  public GraphQLSchema schema() {
    return schema;
  }

  public CompletableFuture<ExecutionResult> execute(String query, String operationName, Map<String, Object> variables,
                                                    Map<String, Object> extensions, RequestScope scope) {
    return execute(query, operationName, variables, extensions, scope, false, false);
  }

  /**
   * @param incremental whether {@code @defer} delivers its fragments later: the result is then an
   *                    {@link graphql.incremental.IncrementalExecutionResult} when the document defers
   *                    any. Without it, {@code @defer} is ignored and the whole result comes at once.
   * @param reportCost whether the answer's {@code extensions.cost} says what the document cost (not for
   *                   an incremental answer, whose parts go out as they come)
   */
  public CompletableFuture<ExecutionResult> execute(String query, String operationName, Map<String, Object> variables,
                                                    Map<String, Object> extensions, RequestScope scope,
                                                    boolean incremental, boolean reportCost) {
    ExecutionInput.Builder inputBuilder = ExecutionInput.newExecutionInput();
    if (scope.requestId() != null) {
      // The request's own id: without one graphql-java makes a UUID and copies the whole input to hold it.
      inputBuilder.executionId(ExecutionId.from(scope.requestId()));
    }
    ExecutionInput input = inputBuilder
        .query(query)
        .operationName(operationName)
        .variables(variables)
        .extensions(extensions)
        .graphQLContext(incremental
            ? Map.of(RequestScope.class, scope, ExperimentalApi.ENABLE_INCREMENTAL_SUPPORT, true)
            : Map.of(RequestScope.class, scope))
        .build();
    CompletableFuture<ExecutionResult> result =
        graphQL.executeAsync(input).thenApply(done -> withFallbacks(done, scope));
    if (!reportCost) {
      return result;
    }
    return result.thenApply(done -> !(done instanceof graphql.incremental.IncrementalExecutionResult)
        && input.getGraphQLContext().get(OperationCost.CONTEXT_KEY) instanceof Long cost
        ? done.transform(builder -> builder.addExtension("cost", cost)) : done);
  }

  /** Names the fields a declared fallback served in extensions.sheaf.fallbacks, so apps and dashboards can tell. */
  private static ExecutionResult withFallbacks(ExecutionResult result, RequestScope scope) {
    List<String> fallbacks = scope.fallbacks();
    // An incremental (@defer) result keeps its parts as they are: transforming it would drop them.
    if (fallbacks.isEmpty() || result instanceof graphql.incremental.IncrementalExecutionResult) {
      return result;
    }
    Map<Object, Object> extensions = result.getExtensions();
    Map<String, Object> sheaf = new LinkedHashMap<>();
    if (extensions != null && extensions.get("sheaf") instanceof Map<?, ?> before) {
      before.forEach((key, value) -> sheaf.put(String.valueOf(key), value));
    }
    sheaf.put("fallbacks", fallbacks);
    return result.transform(builder -> builder.addExtension("sheaf", sheaf));
  }

  /** Interfaces and unions resolve their concrete type from the {@code __typename} the backend sent. */
  private static final class TypenameWiring implements WiringFactory {
    private static final TypeResolver BY_TYPENAME = TypenameWiring::resolve;

    private static GraphQLObjectType resolve(TypeResolutionEnvironment env) {
      Object object = env.getObject();
      if (object instanceof Map<?, ?> map && map.get("__typename") instanceof String name) {
        return env.getSchema().getObjectType(name);
      }
      return null;
    }

    @Override
    public boolean providesTypeResolver(InterfaceWiringEnvironment environment) {
      return true;
    }

    @Override
    public TypeResolver getTypeResolver(InterfaceWiringEnvironment environment) {
      return BY_TYPENAME;
    }

    @Override
    public boolean providesTypeResolver(UnionWiringEnvironment environment) {
      return true;
    }

    @Override
    public TypeResolver getTypeResolver(UnionWiringEnvironment environment) {
      return BY_TYPENAME;
    }
  }
}

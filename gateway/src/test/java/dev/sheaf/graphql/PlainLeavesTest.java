package dev.sheaf.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.resolver.ErrorMapper;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.ExperimentalApi;
import graphql.GraphQL;
import graphql.TrivialDataFetcher;
import graphql.execution.instrumentation.ExecuteObjectInstrumentationContext;
import graphql.execution.instrumentation.Instrumentation;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionStrategyParameters;
import graphql.execution.instrumentation.parameters.InstrumentationFieldParameters;
import graphql.incremental.IncrementalExecutionResult;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.FieldCoordinates;
import graphql.schema.GraphQLCodeRegistry;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.schema.LightDataFetcher;
import graphql.schema.idl.SchemaParser;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Plain leaves completed in one step must answer exactly as graphql-java's full way does: the same
 * data, and the same errors at the same paths for the values that are not plain.
 */
class PlainLeavesTest {

  private static final String SDL = """
      enum Tier { GOLD SILVER }
      type Query { user: User users: [User!]! strict: Strict pets: [Pet] }
      type User {
        id: ID! name: String tier: Tier visits: Int score: Float active: Boolean
        displayName: String
        greeting(lang: String): String
        tags: [String]
        friend: User
      }
      type Strict { must: String! count: Int! }
      type Pet { name: String legs: Int }
      """;

  /** Reads {@code profile.displayName}, as a binding's {@code from:} does. */
  private static final class FromProfile implements LightDataFetcher<Object>, TrivialDataFetcher<Object> {
    @Override
    public Object get(GraphQLFieldDefinition field, Object source, Supplier<DataFetchingEnvironment> env) {
      return source instanceof Map<?, ?> user && user.get("profile") instanceof Map<?, ?> profile
          ? profile.get("displayName") : null;
    }

    @Override
    public Object get(DataFetchingEnvironment env) {
      return get(null, env.getSource(), () -> env);
    }
  }

  /** A Java resolver's value: graphql-java reads its properties, not a map. */
  public record Pet(String name, int legs) {
  }

  private static Map<String, Object> user(Object id, Object name, Object tier, Object visits) {
    Map<String, Object> user = new HashMap<>();
    user.put("id", id);
    user.put("name", name);
    user.put("tier", tier);
    user.put("visits", visits);
    user.put("score", 4.5);
    user.put("active", true);
    user.put("profile", Map.of("displayName", "ada"));
    user.put("tags", List.of("a", "b"));
    user.put("greeting", "hi");
    return user;
  }

  private static final String QUERY = """
      query Q($skip: Boolean!) {
        user { __typename id name tier visits score active displayName greeting(lang: "en") tags
               handle: name ... on User { again: visits } friend { id name }
               hidden: name @skip(if: $skip) }
        users { id name tier visits }
        strict { must count }
        pets { name legs }
      }""";

  private static GraphQLSchema schema() {
    Map<String, Object> friend = user(7, "Grace", "SILVER", 3);
    Map<String, Object> ada = user(42, "Ada", "GOLD", 12);
    ada.put("friend", friend);
    List<Object> users = List.of(
        user("u1", "Lin", "GOLD", 1),
        user("u2", Map.of("first", "Kay"), "BRONZE", "many"), // a structure, an unknown enum, a word for an Int
        user("u3", null, null, 2.5));                          // nulls, and a fraction for an Int
    Map<String, Object> strict = new LinkedHashMap<>();
    strict.put("must", null);
    strict.put("count", 3);
    DataFetcher<?> root = env -> switch (env.getField().getName()) {
      case "user" -> ada;
      case "users" -> users;
      case "strict" -> strict;
      default -> List.of(new Pet("Rex", 4));
    };
    var shape = GraphQLExecutor.shapeOf(new SchemaParser().parse(SDL));
    GraphQLCodeRegistry code = shape.getCodeRegistry().transform(registry -> {
      for (String field : List.of("user", "users", "strict", "pets")) {
        registry.dataFetcher(FieldCoordinates.coordinates("Query", field), root);
      }
      registry.dataFetcher(FieldCoordinates.coordinates("User", "displayName"), new FromProfile());
    });
    return shape.transformWithoutTypes(builder -> builder.codeRegistry(code));
  }

  private static Map<String, Object> run(GraphQLSchema schema, PlainLeaves plain, boolean skip) {
    return run(schema, plain, skip, SimplePerformantInstrumentation.INSTANCE);
  }

  private static Map<String, Object> run(GraphQLSchema schema, PlainLeaves plain, boolean skip,
                                         Instrumentation instrumentation) {
    GraphQL graphQL = GraphQL.newGraphQL(schema)
        .queryExecutionStrategy(new CodedLeavesStrategies.Concurrent(new ErrorMapper(),
            new LeafValues(coordinates -> null), plain))
        .instrumentation(instrumentation)
        .build();
    return graphQL.execute(ExecutionInput.newExecutionInput().query(QUERY).variables(Map.of("skip", skip)))
        .toSpecification();
  }

  @Test
  void answersAsGraphqlJavasFullWayDoesWithTheSameErrorsAtTheSamePaths() {
    GraphQLSchema schema = schema();
    PlainLeaves plain = new PlainLeaves(schema);

    for (boolean skip : List.of(true, false)) {
      assertThat(run(schema, plain, skip)).isEqualTo(run(schema, null, skip));
    }

    Map<String, Object> answer = run(schema, plain, false);
    @SuppressWarnings("unchecked")
    Map<String, Object> data = (Map<String, Object>) answer.get("data");
    assertThat(data.get("user")).isEqualTo(Map.ofEntries(
        Map.entry("__typename", "User"), Map.entry("id", "42"), Map.entry("name", "Ada"), Map.entry("tier", "GOLD"),
        Map.entry("visits", 12), Map.entry("score", 4.5), Map.entry("active", true), Map.entry("displayName", "ada"),
        Map.entry("greeting", "hi"), Map.entry("tags", List.of("a", "b")), Map.entry("handle", "Ada"),
        Map.entry("again", 12), Map.entry("friend", Map.of("id", "7", "name", "Grace")), Map.entry("hidden", "Ada")));
    assertThat(data.get("strict")).isNull(); // a null in a non-null field bubbles up to the nullable parent
    assertThat(data.get("pets")).isEqualTo(List.of(Map.of("name", "Rex", "legs", 4)));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> errors = (List<Map<String, Object>>) answer.get("errors");
    assertThat(errors).extracting(error -> error.get("path")).containsExactlyInAnyOrder(
        List.of("users", 1, "name"), List.of("users", 1, "tier"), List.of("users", 1, "visits"),
        List.of("users", 2, "visits"), List.of("strict", "must"));
  }

  /** Counts the fields and objects that get graphql-java's per-field and per-object machinery. */
  private static final class FieldCount extends SimplePerformantInstrumentation {
    final AtomicInteger fields = new AtomicInteger();
    final AtomicInteger objects = new AtomicInteger();

    @Override
    public InstrumentationContext<Object> beginFieldExecution(InstrumentationFieldParameters parameters,
                                                              InstrumentationState state) {
      fields.incrementAndGet();
      return null;
    }

    @Override
    public ExecuteObjectInstrumentationContext beginExecuteObject(InstrumentationExecutionStrategyParameters parameters,
                                                                  InstrumentationState state) {
      objects.incrementAndGet();
      return null;
    }
  }

  @Test
  void plainValuesSkipGraphqlJavasPerFieldMachineryTheOthersDoNot() {
    GraphQLSchema schema = schema();
    FieldCount withPlain = new FieldCount();
    FieldCount without = new FieldCount();

    run(schema, new PlainLeaves(schema), false, withPlain);
    run(schema, null, false, without);

    // user: id name tier visits score active displayName handle again hidden, friend's id and name (12);
    // users: all four of the first, the id of the other two (6); strict: count (1). Not: __typename,
    // greeting (an argument), tags (a list), the objects, the nulls, the values that do not fit, and
    // the pet (a record, not a map).
    assertThat(without.fields.get() - withPlain.fields.get()).isEqualTo(19);
    // Objects of plain values only, completed as one map: the friend, and the first of the users.
    assertThat(without.objects.get() - withPlain.objects.get()).isEqualTo(2);
  }

  @Test
  void deferredFragmentsAreLeftToGraphqlJava() {
    GraphQLSchema schema = schema();
    String deferred = "{ user { friend { id ... @defer { name } } } }";
    GraphQL graphQL = GraphQL.newGraphQL(schema)
        .queryExecutionStrategy(new CodedLeavesStrategies.Concurrent(new ErrorMapper(),
            new LeafValues(coordinates -> null), new PlainLeaves(schema)))
        .build();

    ExecutionResult result = graphQL.execute(ExecutionInput.newExecutionInput().query(deferred)
        .graphQLContext(Map.of(ExperimentalApi.ENABLE_INCREMENTAL_SUPPORT, true)));

    assertThat(result).isInstanceOf(IncrementalExecutionResult.class);
    assertThat(result.<Map<String, Object>>getData()).isEqualTo(Map.of("user", Map.of("friend", Map.of("id", "7"))));
  }

  @Test
  void takesScalarAndEnumFieldsWithoutArgumentsOrAFetcherOfTheirOwn() {
    GraphQLSchema schema = schema();
    PlainLeaves plain = new PlainLeaves(schema);
    GraphQLObjectType user = schema.getObjectType("User");

    assertThat(List.of("id", "name", "tier", "visits", "score", "active", "displayName"))
        .allMatch(field -> plain.isPlain(user, field));
    assertThat(plain.isPlain(user, "greeting")).as("has an argument").isFalse();
    assertThat(plain.isPlain(user, "tags")).as("a list").isFalse();
    assertThat(plain.isPlain(user, "friend")).as("an object").isFalse();
    assertThat(plain.isPlain(schema.getObjectType("Query"), "user")).as("a fetcher of its own").isFalse();
  }
}

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
import graphql.execution.instrumentation.parameters.InstrumentationFieldCompleteParameters;
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
import java.util.Arrays;
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
      type Query { user: User users: [User!]! team: [User] strict: Strict pets: [Pet] }
      type Mutation { rename: User }
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
               handle: name ... on User { again: visits } friend { __typename id name }
               hidden: name @skip(if: $skip) }
        users { id name tier visits tags }
        team { __typename id ... on User { name } tier }
        strict { must count }
        pets { name legs }
      }""";

  private static GraphQLSchema schema() {
    Map<String, Object> friend = user(7, "Grace", "SILVER", 3);
    Map<String, Object> ada = user(42, "Ada", "GOLD", 12);
    ada.put("friend", friend);
    // Kay: a structure for a String, an unknown enum, a word for an Int, a word for a list.
    Map<String, Object> kay = user("u2", Map.of("first", "Kay"), "BRONZE", "many");
    kay.put("tags", "solo");
    // Ned: nulls, a fraction for an Int, a null in a list.
    Map<String, Object> ned = user("u3", null, null, 2.5);
    ned.put("tags", Arrays.asList("x", null));
    List<Object> users = List.of(user("u1", "Lin", "GOLD", 1), kay, ned);
    Map<String, Object> strict = new LinkedHashMap<>();
    strict.put("must", null);
    strict.put("count", 3);
    List<Object> team = List.of(user("t1", "Bo", "GOLD", 1), user("t2", "Cy", "SILVER", 2),
        user("t3", "Di", "GOLD", 3));
    DataFetcher<?> root = env -> switch (env.getField().getName()) {
      case "user" -> ada;
      case "users" -> users;
      case "team" -> team;
      case "strict" -> strict;
      default -> List.of(new Pet("Rex", 4));
    };
    var shape = GraphQLExecutor.shapeOf(new SchemaParser().parse(SDL));
    GraphQLCodeRegistry code = shape.getCodeRegistry().transform(registry -> {
      for (String field : List.of("user", "users", "team", "strict", "pets")) {
        registry.dataFetcher(FieldCoordinates.coordinates("Query", field), root);
      }
      DataFetcher<?> rename = env -> user(5, "Eve", "GOLD", 9);
      registry.dataFetcher(FieldCoordinates.coordinates("Mutation", "rename"), rename);
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
        Map.entry("again", 12), Map.entry("friend", Map.of("__typename", "User", "id", "7", "name", "Grace")),
        Map.entry("hidden", "Ada")));
    assertThat(data.get("team")).isEqualTo(List.of(
        Map.of("__typename", "User", "id", "t1", "name", "Bo", "tier", "GOLD"),
        Map.of("__typename", "User", "id", "t2", "name", "Cy", "tier", "SILVER"),
        Map.of("__typename", "User", "id", "t3", "name", "Di", "tier", "GOLD")));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> team = (List<Map<String, Object>>) data.get("team");
    assertThat(team.get(0).keySet()).as("in the order of the selection")
        .containsExactly("__typename", "id", "name", "tier");
    @SuppressWarnings("unchecked")
    Map<String, Object> user = (Map<String, Object>) data.get("user");
    assertThat(user.keySet()).startsWith("__typename", "id", "name", "tier", "visits");
    assertThat(data.get("strict")).isNull(); // a null in a non-null field bubbles up to the nullable parent
    assertThat(data.get("pets")).isEqualTo(List.of(Map.of("name", "Rex", "legs", 4)));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> errors = (List<Map<String, Object>>) answer.get("errors");
    assertThat(errors).extracting(error -> error.get("path")).containsExactlyInAnyOrder(
        List.of("users", 1, "name"), List.of("users", 1, "tier"), List.of("users", 1, "visits"),
        List.of("users", 1, "tags"), List.of("users", 2, "visits"), List.of("strict", "must"));
  }

  /** Counts the fields, objects and lists that get graphql-java's per-field, -object and -list machinery. */
  private static final class FieldCount extends SimplePerformantInstrumentation {
    final AtomicInteger fields = new AtomicInteger();
    final AtomicInteger objects = new AtomicInteger();
    final AtomicInteger lists = new AtomicInteger();

    @Override
    public InstrumentationContext<Object> beginFieldListCompletion(InstrumentationFieldCompleteParameters parameters,
                                                                   InstrumentationState state) {
      lists.incrementAndGet();
      return null;
    }

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

    // user: __typename id name tier visits score active displayName tags handle again hidden, friend's
    // __typename, id and name (15); users: all five of the first, the id of the other two (7); team:
    // four of each of three (12); strict: count (1). Not: greeting (an argument), the objects, the
    // nulls, the values that do not fit, and the pet (a record, not a map).
    assertThat(without.fields.get() - withPlain.fields.get()).isEqualTo(35);
    // Objects of plain values only, completed as one map: the friend, the first of the users, the team.
    assertThat(without.objects.get() - withPlain.objects.get()).isEqualTo(5);
    // Lists completed in one go: the team (not the users: two do not fit), the user's tags and the
    // first user's (not the others': a word, and a list with a null).
    assertThat(without.lists.get() - withPlain.lists.get()).isEqualTo(3);
  }

  @Test
  void aMutationsAnswerIsCompletedByTheQueryStrategyPlainObjectsIncluded() {
    GraphQLSchema schema = schema();
    FieldCount withPlain = new FieldCount();
    FieldCount without = new FieldCount();
    for (var run : List.of(Map.entry(withPlain, true), Map.entry(without, false))) {
      GraphQL graphQL = GraphQL.newGraphQL(schema)
          .queryExecutionStrategy(new CodedLeavesStrategies.Concurrent(new ErrorMapper(),
              new LeafValues(coordinates -> null), run.getValue() ? new PlainLeaves(schema) : null))
          .mutationExecutionStrategy(new CodedLeavesStrategies.Serial(new ErrorMapper(), new LeafValues(c -> null)))
          .instrumentation(run.getKey())
          .build();

      ExecutionResult result = graphQL.execute("mutation { rename { id name } }");

      assertThat(result.getErrors()).isEmpty();
      assertThat(result.<Map<String, Object>>getData()).isEqualTo(Map.of("rename", Map.of("id", "5", "name", "Eve")));
    }
    assertThat(without.objects.get() - withPlain.objects.get()).isEqualTo(1);
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

    assertThat(List.of("__typename", "id", "name", "tier", "visits", "score", "active", "displayName", "tags"))
        .allMatch(field -> plain.isPlain(user, field));
    assertThat(plain.isPlain(user, "greeting")).as("has an argument").isFalse();
    assertThat(plain.isPlain(user, "friend")).as("an object").isFalse();
    assertThat(plain.isPlain(schema.getObjectType("Query"), "user")).as("a fetcher of its own").isFalse();
  }
}

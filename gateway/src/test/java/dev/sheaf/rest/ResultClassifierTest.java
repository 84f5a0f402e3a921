package dev.sheaf.rest;

import static org.assertj.core.api.Assertions.assertThat;

import graphql.ExecutionResult;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a GraphQL result at an endpoint's response path becomes an HTTP status. */
class ResultClassifierTest {

  @TempDir
  Path schemaDir;
  @TempDir
  Path resolvers;
  @TempDir
  Path operations;

  Endpoint endpoint;
  final ResultClassifier classifier = new ResultClassifier();

  @BeforeEach
  void declare() throws IOException {
    endpoint = new Declarations(schemaDir, resolvers, operations)
        .withOperation("user.graphql",
            "query ($id: ID!) { user(id: $id) { id orders { id } } other: user(id: \"1\") { id } }")
        .load("""
            endpoints:
              "GET /api/users/{id}":
                operation: user.graphql
                response: user
            """).all().get(0);
  }

  private static GraphQLError error(String code, Object... path) {
    return GraphqlErrorBuilder.newError().message(code).path(List.of(path)).extensions(Map.of("code", code)).build();
  }

  private Outcome classify(Object user, GraphQLError... errors) {
    Map<String, Object> data = new HashMap<>();
    data.put("user", user);
    data.put("other", null);
    ExecutionResult result = ExecutionResult.newExecutionResult().data(data).errors(List.of(errors)).build();
    return classifier.classify(endpoint, result);
  }

  private static int status(Outcome outcome) {
    return ((Outcome.Unavailable) outcome).problem().status();
  }

  @Test
  void errorsBelowTheResourceMakeItPartialWithRelativePaths() {
    Outcome outcome = classify(Map.of("id", "7"), error("BACKEND_ERROR", "user", "orders"));

    assertThat(outcome).isInstanceOf(Outcome.Partial.class);
    assertThat(((Outcome.Partial) outcome).errors().get(0).get("path")).isEqualTo(List.of("orders"));
  }

  @Test
  void errorsOutsideTheResourceDoNotConcernIt() {
    assertThat(classify(Map.of("id", "7"), error("BACKEND_ERROR", "other"))).isInstanceOf(Outcome.Complete.class);
  }

  @Test
  void aNullResourceWithoutErrorsIsMissing() {
    assertThat(status(classify(null))).isEqualTo(404);
  }

  @Test
  void aNullResourceTakesTheStatusOfItsErrors() {
    assertThat(status(classify(null, error("BACKEND_TIMEOUT", "user")))).isEqualTo(504);
    assertThat(status(classify(null, error("BACKEND_TIMEOUT", "user"), error("BACKEND_ERROR", "user", "id"))))
        .isEqualTo(502);
    assertThat(status(classify(null, error("BACKEND_UNAVAILABLE", "user")))).isEqualTo(502);
    assertThat(status(classify(null, error("INTERNAL_ERROR", "user")))).isEqualTo(500);
    assertThat(status(classify(null, error("NOT_FOUND", "user")))).isEqualTo(404);
    assertThat(status(classify(null, error("BACKEND_ERROR", "user"), error("UNAUTHENTICATED", "user")))).isEqualTo(401);
    assertThat(status(classify(null, error("FORBIDDEN", "user")))).isEqualTo(403);
  }

  @Test
  void aResultThatNeverRanIs400() {
    ExecutionResult refused = ExecutionResult.newExecutionResult()
        .addError(GraphqlErrorBuilder.newError().message("Variable 'id' has an invalid value").build()).build();

    Outcome outcome = classifier.classify(endpoint, refused);

    assertThat(status(outcome)).isEqualTo(400);
    assertThat(((Outcome.Unavailable) outcome).problem().detail()).contains("Variable 'id'");
  }
}

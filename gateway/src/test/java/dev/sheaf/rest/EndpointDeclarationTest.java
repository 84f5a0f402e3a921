package dev.sheaf.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.sheaf.config.ConfigException;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each mistake in an endpoint declaration is refused at start-up, naming the file, the line and the fix. */
class EndpointDeclarationTest {

  static final String USER_OPERATION = """
      query User($id: ID!, $limit: Int) {
        user(id: $id) { id name tier orders(limit: $limit) { id total } }
      }
      """;

  @TempDir
  Path schemaDir;
  @TempDir
  Path resolvers;
  @TempDir
  Path operations;

  Declarations declarations;

  @BeforeEach
  void writeOperations() throws IOException {
    declarations = new Declarations(schemaDir, resolvers, operations).withOperation("user.graphql", USER_OPERATION);
  }

  Endpoints load(String yaml) throws IOException {
    return declarations.load(yaml);
  }

  String refusal(String yaml) {
    Throwable thrown = catchThrowable(() -> load(yaml));
    assertThat(thrown).isInstanceOf(ConfigException.class);
    assertThat(thrown.getMessage()).contains("team.yaml:");
    return thrown.getMessage();
  }

  @Test
  void aCorrectDeclarationLoads() throws IOException {
    Endpoints endpoints = load("""
        endpoints:
          "GET /api/users/{id}":
            operation: user.graphql
            response: user
            cacheControl: "public, max-age=60"
        """);

    assertThat(endpoints.size()).isEqualTo(1);
    Endpoint endpoint = endpoints.all().get(0);
    assertThat(endpoint.variables()).extracting(VariableSource::origin)
        .containsExactly(VariableSource.Origin.PATH, VariableSource.Origin.QUERY);
    assertThat(endpoint.notFoundStatus()).isEqualTo(404);
    assertThat(endpoints.pathPrefixes()).containsExactly("/api");
  }

  @Test
  void anUnknownOperationFileIsRefused() {
    String message = refusal("""
        endpoints:
          "GET /api/users/{id}":
            operation: usr.graphql
        """);

    assertThat(message).contains("team.yaml:3: endpoints[\"GET /api/users/{id}\"].operation: ")
        .contains("usr.graphql does not exist").contains("the documents in").contains("user.graphql");
  }

  @Test
  void anOperationOverTheQueryLimitsIsRefusedAtStartUpNotAtEveryRequest() {
    StringBuilder aliases = new StringBuilder();
    for (int i = 0; i < 31; i++) {
      aliases.append(" u").append(i).append(": user(id: $id) { id }");
    }

    String message = refusal("""
        endpoints:
          "GET /api/users/{id}":
            query: "query Users($id: ID!) {%s }"
            response: u0
        """.formatted(aliases));

    assertThat(message)
        .contains("endpoints[\"GET /api/users/{id}\"].query: The query has 31 aliased fields; the limit is 30 "
            + "(limits.maxAliases)")
        .contains("raise the limit in the gateway config");
  }

  @Test
  void anUnknownVariableIsRefused() {
    String message = refusal("""
        endpoints:
          "GET /api/users/{id}":
            operation: user.graphql
            variables:
              userId: "{path.id}"
        """);

    assertThat(message).contains("team.yaml:5: endpoints[\"GET /api/users/{id}\"].variables.userId: ")
        .contains("the operation has no variable $userId; its variables: $id, $limit");
  }

  @Test
  void aSourceThatIsNoPlaceholderIsRefused() {
    assertThat(refusal("""
        endpoints:
          "GET /api/users/{id}":
            operation: user.graphql
            variables: { limit: 5 }
        """)).contains("'5' is not a source; write {path.NAME}, {query.NAME}, {body} or {body.NAME}");
  }

  @Test
  void aResponsePathTheOperationDoesNotSelectIsRefused() {
    assertThat(refusal("""
        endpoints:
          "GET /api/users/{id}":
            operation: user.graphql
            response: user.profile
        """)).contains("team.yaml:4:").contains(".response: 'profile' is not selected by the operation at data.user; "
        + "selected there: id, name, tier, orders");
  }

  @Test
  void aResponseThatIsNoObjectIsRefused() {
    assertThat(refusal("""
        endpoints:
          "GET /api/users/{id}":
            operation: user.graphql
            response: user.orders
        """)).contains("'orders' is [Order!]; the response must be an object");
  }

  @Test
  void aResponseSelectingAnErrorsMemberIsRefused() {
    assertThat(refusal("""
        endpoints:
          "GET /api/users/{id}":
            query: "query ($id: ID!) { user(id: $id) { id errors } }"
            response: user
        """)).contains("selects a member named 'errors'").contains("give it an alias");
  }

  @Test
  void anUnknownKeyIsRefusedWithItsLine() {
    assertThat(refusal("""
        endpoints:
          "GET /api/users/{id}":
            operation: user.graphql
            response: user
            cache: "public"
        """)).contains("team.yaml:5: endpoints[\"GET /api/users/{id}\"].cache: unknown key 'cache'; allowed keys: "
        + "cacheControl, notFound, operation, operationName, query, response, status, variables");
  }

  @Test
  void aRequiredVariableWithoutSourceIsRefused() {
    String message = refusal("""
        endpoints:
          "GET /api/users/{userId}":
            operation: user.graphql
        """);

    assertThat(message).startsWith("2 problems in the endpoints:")
        .contains("the operation's variable $id (ID!) has no source; add {id} to the path, or map it, "
            + "e.g. variables: { id: \"{query.id}\" }")
        .contains("the path parameter {userId} feeds no variable");
  }

  @Test
  void aPathParameterForNoVariableIsRefused() {
    assertThat(refusal("""
        endpoints:
          "GET /api/users/{id}/{tab}":
            operation: user.graphql
        """)).contains("the path parameter {tab} feeds no variable");
  }

  @Test
  void aPathSourceTheRouteLacksIsRefused() {
    assertThat(refusal("""
        endpoints:
          "GET /api/users/{id}":
            operation: user.graphql
            variables: { limit: "{path.max}" }
        """)).contains("the route has no path parameter {max}; its parameters: id");
  }

  @Test
  void inputObjectsComeOnlyFromTheBody() {
    assertThat(refusal("""
        endpoints:
          "GET /api/search":
            query: "query ($filter: Filter) { search(filter: $filter) { id } }"
            variables: { filter: "{query.filter}" }
        """)).contains("$filter is Filter; query parameters carry scalars, enums and lists of them");
    assertThat(refusal("""
        endpoints:
          "GET /api/search":
            query: "query ($filter: Filter) { search(filter: $filter) { id } }"
            variables: { filter: "{body}" }
        """)).contains("GET requests have no body");
  }

  @Test
  void invalidGraphQLIsRefusedWithTheLineInTheDocument() throws IOException {
    declarations.withOperation("typo.graphql", "query ($id: ID!) {\n  user(id: $id) { nme }\n}\n");

    assertThat(refusal("""
        endpoints:
          "GET /api/users/{id}":
            operation: typo.graphql
        """)).contains("typo.graphql:2: ").contains("nme");
  }

  @Test
  void aSyntaxErrorIsRefused() {
    assertThat(refusal("""
        endpoints:
          "GET /api/users/{id}":
            query: "query ($id: ID!) { user(id: $id) { id }"
        """)).contains(".query: query:1: not valid GraphQL");
  }

  @Test
  void aMutationIsNotServedByGet() {
    assertThat(refusal("""
        endpoints:
          "GET /api/users/{id}/rename":
            query: "mutation ($id: ID!, $name: String!) { rename(id: $id, name: $name) { id } }"
            variables: { name: "{query.name}" }
        """)).contains("a mutation must not be served by GET");
  }

  @Test
  void aMalformedRouteIsRefused() {
    assertThat(refusal("""
        endpoints:
          "FETCH /api/users/{id}":
            operation: user.graphql
        """)).contains("'FETCH' is not one of GET, POST, PUT, PATCH, DELETE");
    assertThat(refusal("""
        endpoints:
          "GET /api/users/:id":
            operation: user.graphql
        """)).contains("':id' is neither a literal segment");
    assertThat(refusal("""
        endpoints:
          "GET /graphql/users/{id}":
            operation: user.graphql
        """)).contains("/graphql is served by the gateway itself");
  }

  @Test
  void twoRoutesMatchingTheSameRequestsAreRefused() {
    assertThat(refusal("""
        endpoints:
          "GET /api/users/{id}":
            operation: user.graphql
          "GET /api/users/{userId}":
            operation: user.graphql
            variables: { id: "{path.userId}" }
        """)).contains("team.yaml:4:").contains("matches the same requests as \"GET /api/users/{id}\"");
  }

  @Test
  void notFoundAndCacheControlAreChecked() {
    String message = refusal("""
        endpoints:
          "GET /api/users/{id}":
            operation: user.graphql
            notFound: 500
            cacheControl: "public, private"
        """);

    assertThat(message).contains(".notFound: must be 404").contains(".cacheControl: public and private contradict");
  }

  @Test
  void a201IsForAPostOrPutThatCreatesTheResource() throws IOException {
    String rename = "mutation ($id: ID!, $name: String!) { rename(id: $id, name: $name) { id } }";
    Endpoints created = load("""
        endpoints:
          "POST /api/users/{id}/names":
            query: "%s"
            variables: { name: "{body.name}" }
            response: rename
            status: 201
        """.formatted(rename));
    assertThat(created.all().get(0).status()).isEqualTo(201);
    assertThat(load("""
        endpoints:
          "GET /api/users/{id}":
            operation: user.graphql
        """).all().get(0).status()).isEqualTo(200);

    assertThat(refusal("""
        endpoints:
          "GET /api/users/{id}":
            operation: user.graphql
            status: 201
        """)).contains("team.yaml:4: endpoints[\"GET /api/users/{id}\"].status: 201 (created) is for POST and PUT, not GET");
    assertThat(refusal("""
        endpoints:
          "POST /api/users/{id}/names":
            query: "%s"
            variables: { name: "{body.name}" }
            status: 204
        """.formatted(rename))).contains(".status: must be 200 (default) or 201").contains("got 204");
    assertThat(refusal("""
        endpoints:
          "POST /api/users/{id}/names":
            query: "%s"
            variables: { name: "{body.name}" }
            response: rename
            notFound: 200
            status: 201
        """.formatted(rename))).contains(".status: a created resource cannot be missing");
  }

  @Test
  void everyEndpointsProblemsAreReportedTogether() {
    String message = refusal("""
        endpoints:
          "GET /api/a/{id}":
            operation: missing.graphql
          "GET /api/b/{id}":
            operation: user.graphql
            response: nobody
        """);

    assertThat(message).startsWith("2 problems in the endpoints:").contains("missing.graphql").contains("'nobody'");
  }
}

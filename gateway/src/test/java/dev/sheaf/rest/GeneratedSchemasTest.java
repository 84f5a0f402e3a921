package dev.sheaf.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OpenAPI schemas follow what the operation selects: aliases, __typename, fragments, conditions, inputs. */
class GeneratedSchemasTest {

  @TempDir
  Path schemaDir;
  @TempDir
  Path resolvers;
  @TempDir
  Path operations;

  Declarations declarations;

  @BeforeEach
  void setUp() throws IOException {
    declarations = new Declarations(schemaDir, resolvers, operations);
  }

  private JsonNode openApi(String yaml) throws IOException {
    return new ObjectMapper().readTree(declarations.load(yaml).openApiJson());
  }

  private static JsonNode schema(JsonNode document, String name) {
    return document.get("components").get("schemas").get(name);
  }

  @Test
  void aliasesTypenamesAndFragmentsShapeTheBody() throws IOException {
    declarations.withOperation("pet.graphql", """
        query Pet($id: ID!, $withTier: Boolean = false) {
          user(id: $id) {
            login: name
            __typename
            tier @include(if: $withTier)
            pet { __typename name ...DogFacts ... on Cat { lives } }
          }
        }
        fragment DogFacts on Dog { barks }
        """);

    JsonNode body = schema(openApi("""
        endpoints:
          "GET /api/pets/{id}":
            operation: pet.graphql
            response: user
        """), "GetApiPetsByIdResponse");

    JsonNode properties = body.get("properties");
    assertThat(properties.get("login").get("type").toString()).isEqualTo("[\"string\",\"null\"]");
    assertThat(properties.get("__typename").get("enum").toString()).isEqualTo("[\"User\"]");
    assertThat(body.get("required").toString()).isEqualTo("[\"login\",\"__typename\",\"pet\"]");
    JsonNode pet = properties.get("pet");
    assertThat(pet.get("properties").get("__typename").get("enum")).hasSize(2);
    assertThat(pet.get("properties").fieldNames()).toIterable().containsExactly("__typename", "name", "barks", "lives");
    assertThat(pet.get("required").toString()).isEqualTo("[\"__typename\",\"name\"]");
  }

  @Test
  void aBodyVariableIsDescribedAsTheRequestBody() throws IOException {
    declarations.withOperation("search.graphql", "query ($filter: Filter!) { search(filter: $filter) { id } }");

    JsonNode document = openApi("""
        endpoints:
          "POST /api/users/search":
            operation: search.graphql
            variables: { filter: "{body}" }
            response: ""
        """);

    JsonNode body = document.get("paths").get("/api/users/search").get("post").get("requestBody");
    assertThat(body.get("required").asBoolean()).isTrue();
    assertThat(body.get("content").get("application/json").get("schema").get("$ref").asText())
        .isEqualTo("#/components/schemas/Filter");
    JsonNode filter = schema(document, "Filter").get("properties");
    assertThat(filter.get("tiers").get("items").get("enum").toString()).isEqualTo("[\"BRONZE\",\"GOLD\"]");
    // A recursive input type refers back to itself instead of unfolding forever.
    assertThat(filter.get("and").get("anyOf").get(0).get("$ref").asText()).isEqualTo("#/components/schemas/Filter");
  }

  @Test
  void withNotFound200TheBodyMayBeNull() throws IOException {
    declarations.withOperation("user.graphql", "query ($id: ID!) { user(id: $id) { id } }");

    JsonNode body = schema(openApi("""
        endpoints:
          "GET /api/users/{id}":
            operation: user.graphql
            response: user
            notFound: 200
        """), "GetApiUsersByIdResponse");

    assertThat(body.get("type").toString()).isEqualTo("[\"object\",\"null\"]");
  }
}

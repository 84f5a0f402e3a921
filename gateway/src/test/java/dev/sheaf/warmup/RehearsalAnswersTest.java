package dev.sheaf.warmup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sheaf.backend.grpc.ProtoRegistry;
import dev.sheaf.backend.grpc.ProtoSources;
import dev.sheaf.binding.BindingLoader;
import dev.sheaf.binding.Bindings;
import dev.sheaf.graphql.GraphQLExecutor;
import dev.sheaf.graphql.SchemaFiles;
import graphql.schema.GraphQLSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The warm-up's made-up REST answers: real-looking values, and keys that still meet across calls. */
class RehearsalAnswersTest {

  private static final String SCHEMA = """
      type Query { user(id: ID!): User }
      type User { id: ID! name: String! age: Int rating: Float favouriteSku: String recommendations: [Product] }
      type Product { id: ID! title: String! price: Float! }
      """;

  private static final String BINDINGS = """
      backends:
        shop: { url: "http://shop.internal:8080", timeout: 800ms }
      entities:
        Product: { backend: shop, key: id, get: /products, query: { ids: "{keys}" }, select: products }
      fields:
        Query.user: { backend: shop, get: "/users/{args.id}" }
        User.name: { from: fullName }
        User.recommendations:
          backend: shop
          get: /users/{source.id}/recommendations
          select: productIds
          keysOf: Product
      """;

  private final ObjectMapper json = new ObjectMapper();

  @TempDir
  Path schemaDir;
  @TempDir
  Path bindingDir;

  private RehearsalAnswers answers() throws Exception {
    Files.writeString(schemaDir.resolve("shop.graphqls"), SCHEMA);
    Files.writeString(bindingDir.resolve("shop.yaml"), BINDINGS);
    GraphQLSchema schema = GraphQLExecutor.shapeOf(SchemaFiles.load(schemaDir));
    Bindings bindings = new BindingLoader(Map.of(), Map.of())
        .load(bindingDir, schema, Map.of(), ProtoSources.filesOnly(ProtoRegistry.empty()));
    return new RehearsalAnswers(schema, bindings, json);
  }

  @Test
  void valuesLookRealAndKeysMatchTheBatchTheyAreHandedTo() throws Exception {
    RehearsalAnswers answers = answers();

    JsonNode user = json.readTree(answers.forRoute("GET /users/{args.id}"));
    assertThat(user.get("id").asText()).isEqualTo(SampleValues.KEY);
    assertThat(user.get("fullName").asText()).as("a from: field, under the name the backend uses")
        .isEqualTo(SampleValues.TEXT);
    assertThat(user.get("age").asInt()).isEqualTo(SampleValues.NUMBER);
    assertThat(user.get("rating").asDouble()).isEqualTo(SampleValues.DECIMAL);
    assertThat(user.get("favouriteSku").asText()).as("a string named like a key is a key")
        .isEqualTo(SampleValues.KEY);
    assertThat(user.has("recommendations")).as("a field with a call of its own is left to that call").isFalse();

    JsonNode keys = json.readTree(answers.forRoute("GET /users/{source.id}/recommendations")).get("productIds");
    JsonNode products = json.readTree(answers.forRoute("GET /products")).get("products");
    assertThat(keys.get(0).asText()).isEqualTo(products.get(0).get("id").asText()).isEqualTo(SampleValues.KEY);
    assertThat(products.get(0).get("title").asText()).isEqualTo(SampleValues.TEXT);
    assertThat(products.get(0).get("price").asDouble()).isEqualTo(SampleValues.DECIMAL);
    assertThat(answers.forRoute("GET /nowhere")).as("a route no binding declares").isEqualTo("{}".getBytes());
  }

  @Test
  void theLoopbackServerFindsAnAnswerByTheRequestsMethodAndPath() throws Exception {
    RehearsalAnswers answers = answers();

    assertThat(answers.forRequest("GET", "/users/1042")).isEqualTo(answers.forRoute("GET /users/{args.id}"));
    assertThat(answers.forRequest("GET", "/users/1042/recommendations")).as("the more literal of two routes that match")
        .isEqualTo(answers.forRoute("GET /users/{source.id}/recommendations"));
    assertThat(answers.forRequest("GET", "/products?ids=1042&ids=7")).as("the query string is no part of the route")
        .isEqualTo(answers.forRoute("GET /products"));
    assertThat(answers.forRequest("POST", "/products")).as("another method: no route").isEqualTo("{}".getBytes());
    assertThat(answers.forRequest("GET", "/users")).isEqualTo("{}".getBytes());
  }

  @Test
  void fieldNamesThatHoldKeys() {
    assertThat(List.of("id", "productId", "product_id", "productIds", "orderID", "sku", "favouriteSku", "cacheKey",
        "cache_key"))
        .allMatch(SampleValues::namesAKey);
    assertThat(List.of("name", "paid", "valid", "status", "title")).noneMatch(SampleValues::namesAKey);
  }
}

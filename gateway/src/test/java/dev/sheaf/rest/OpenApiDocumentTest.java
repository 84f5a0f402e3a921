package dev.sheaf.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.AnnotationKeyword;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.sheaf.TestGateway;
import dev.sheaf.auth.AuthMode;
import dev.sheaf.mock.Knobs;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /openapi.json} is valid OpenAPI 3.1, and what the endpoints really answer matches it.
 *
 * <p>The OpenAPI 3.1 schema is the official one, https://spec.openapis.org/oas/3.1/schema/2022-10-07
 * (stored as src/test/resources/dev/sheaf/rest/openapi-3.1-schema.json). It checks the document's
 * structure but not its Schema Objects, so those are checked against the JSON Schema 2020-12
 * meta-schema, the dialect OpenAPI 3.1 uses.
 */
class OpenApiDocumentTest {

  static final String DOCUMENT_URI = "https://sheaf.test/openapi.json";
  static final String OAS_31_SCHEMA = "/dev/sheaf/rest/openapi-3.1-schema.json";

  @RegisterExtension
  static final TestGateway gateway = TestGateway.perClass().trustingIdentityProvider(AuthMode.OPTIONAL);
  static String documentText;
  static JsonNode document;
  static JsonSchemaFactory validators;

  @BeforeAll
  static void readTheDocument() throws IOException {
    HttpResponse<Buffer> response = gateway.get("/openapi.json");
    assertThat(response.statusCode()).isEqualTo(200);
    documentText = response.bodyAsString();
    document = new ObjectMapper().readTree(documentText);
    // The generated document is served to the validator under a URI, so that $refs into it resolve.
    // Its OpenAPI members around the schemas (paths, components…) are no JSON Schema keywords: ignored quietly.
    JsonMetaSchema dialect = JsonMetaSchema.builder(JsonMetaSchema.getV202012())
        .unknownKeywordFactory((keyword, context) -> new AnnotationKeyword(keyword)).build();
    validators = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012, builder -> builder.metaSchema(dialect)
        .schemaLoaders(loaders -> loaders.schemas(Map.of(DOCUMENT_URI, documentText))));
  }

  private static Set<ValidationMessage> againstComponent(String name, String json) throws IOException {
    JsonSchema schema = validators.getSchema(SchemaLocation.of(DOCUMENT_URI + "#/components/schemas/" + name));
    return schema.validate(new ObjectMapper().readTree(json));
  }

  private static JsonNode operation(String path, String method) {
    return document.get("paths").get(path).get(method);
  }

  private static JsonNode parameter(JsonNode operation, String name) {
    for (JsonNode parameter : operation.get("parameters")) {
      if (parameter.get("name").asText().equals(name)) {
        return parameter;
      }
    }
    throw new AssertionError("no parameter " + name + " in " + operation);
  }

  @Test
  void theDocumentIsValidOpenApi31() throws IOException {
    JsonSchema oas31;
    try (InputStream in = OpenApiDocumentTest.class.getResourceAsStream(OAS_31_SCHEMA)) {
      oas31 = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
    }

    assertThat(oas31.validate(document)).isEmpty();
    assertThat(oas31.validate(((ObjectNode) document.deepCopy()).without("info"))).as("the check is real").isNotEmpty();
    assertThat(document.get("openapi").asText()).isEqualTo("3.1.0");
    assertThat(document.get("paths").fieldNames()).toIterable()
        .contains("/api/v1/home/{userId}", "/api/v1/products/{productId}", "/api/v1/quote",
            "/api/v1/me/orders");
  }

  @Test
  void everyGeneratedSchemaIsValidJsonSchema202012() {
    JsonSchema metaSchema = validators.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));

    document.get("components").get("schemas").fields().forEachRemaining(schema ->
        assertThat(metaSchema.validate(schema.getValue())).as(schema.getKey()).isEmpty());
  }

  @Test
  void aCompleteHomeBodyMatchesItsSchema() throws IOException {
    HttpResponse<Buffer> response = gateway.get("/api/v1/home/42");

    assertThat(response.getHeader("Sheaf-Complete")).isEqualTo("true");
    assertThat(againstComponent("GetApiV1HomeByUserIdResponse", response.bodyAsString())).isEmpty();
  }

  @Test
  void aPartialHomeBodyMatchesItsSchemaToo() throws IOException {
    gateway.mocks.orders().setKnobs(Knobs.none().withHang(true));

    HttpResponse<Buffer> response = gateway.get("/api/v1/home/42");

    assertThat(response.getHeader("Sheaf-Complete")).isEqualTo("false");
    assertThat(againstComponent("GetApiV1HomeByUserIdResponse", response.bodyAsString())).isEmpty();
  }

  @Test
  void theSchemaRefusesWhatTheOperationDoesNotSelect() throws IOException {
    assertThat(againstComponent("GetApiV1HomeByUserIdResponse", "{\"name\":\"x\",\"tier\":\"GOLD\"}")).isNotEmpty();
    assertThat(againstComponent("GetApiV1HomeByUserIdResponse",
        "{\"id\":\"1\",\"name\":\"x\",\"tier\":\"PLATINUM\",\"orders\":null,\"recommendations\":null}")).isNotEmpty();
  }

  @Test
  void theOtherSampleBodiesMatchTheirSchemas() throws IOException {
    assertThat(againstComponent("GetApiV1ProductsByProductIdResponse",
        gateway.get("/api/v1/products/p7").bodyAsString())).isEmpty();
    assertThat(againstComponent("GetApiV1QuoteResponse",
        gateway.get("/api/v1/quote?ids=p1&ids=p9999").bodyAsString())).isEmpty();
  }

  @Test
  void problemsMatchTheProblemSchema() throws IOException {
    assertThat(againstComponent("Problem", gateway.get("/api/v1/home/42?limit=abc").bodyAsString())).isEmpty();
    assertThat(againstComponent("Problem", gateway.get("/api/v1/home/99999").bodyAsString())).isEmpty();
    gateway.mocks.users().setKnobs(Knobs.none().withErrorStatus(503));
    assertThat(againstComponent("Problem", gateway.get("/api/v1/home/42").bodyAsString())).isEmpty();
  }

  @Test
  void parametersAreDescribedWithTheirGraphQLTypes() {
    JsonNode home = operation("/api/v1/home/{userId}", "get");

    JsonNode userId = parameter(home, "userId");
    assertThat(userId.get("in").asText()).isEqualTo("path");
    assertThat(userId.get("required").asBoolean()).isTrue();
    assertThat(userId.get("schema").get("type").asText()).isEqualTo("string");
    JsonNode limit = parameter(home, "limit");
    assertThat(limit.get("in").asText()).isEqualTo("query");
    assertThat(limit.get("required").asBoolean()).isFalse();
    assertThat(limit.get("schema").get("type").asText()).isEqualTo("integer");
    assertThat(limit.get("schema").get("default").asInt()).isEqualTo(3);

    JsonNode ids = parameter(operation("/api/v1/quote", "get"), "ids");
    assertThat(ids.get("required").asBoolean()).isTrue();
    assertThat(ids.get("explode").asBoolean()).isTrue();
    assertThat(ids.get("schema").get("type").asText()).isEqualTo("array");
    assertThat(ids.get("schema").get("items").get("type").asText()).isEqualTo("string");
  }

  @Test
  void responsesCoverEveryStatusAnEndpointAnswers() {
    assertThat(operation("/api/v1/home/{userId}", "get").get("responses").fieldNames()).toIterable()
        .contains("200", "304", "400", "404", "502", "504");
    assertThat(operation("/api/v1/me/orders", "post").get("requestBody").get("required").asBoolean())
        .isTrue();
    assertThat(operation("/api/v1/me/orders", "post").get("responses").fieldNames()).toIterable()
        .contains("201", "401", "415").doesNotContain("200", "304");
  }

  @Test
  void nullableFieldsAdmitNullAndEnumsListTheirValues() {
    JsonNode user = document.get("components").get("schemas").get("GetApiV1HomeByUserIdResponse").get("properties");
    JsonNode order = user.get("orders").get("items").get("properties");

    assertThat(user.get("orders").get("type").toString()).isEqualTo("[\"array\",\"null\"]");
    assertThat(order.get("total").get("type").toString()).isEqualTo("[\"number\",\"null\"]");
    assertThat(order.get("status").get("type").asText()).isEqualTo("string");
    assertThat(user.get("tier").get("enum").toString()).isEqualTo("[\"BRONZE\",\"SILVER\",\"GOLD\"]");
  }

  @Test
  void theDocumentRevalidatesWithItsETag() {
    String tag = gateway.get("/openapi.json").getHeader("ETag");

    HttpResponse<Buffer> again = gateway.send(HttpMethod.GET, "/openapi.json",
        MultiMap.caseInsensitiveMultiMap().add("If-None-Match", tag));

    assertThat(again.statusCode()).isEqualTo(304);
  }
}

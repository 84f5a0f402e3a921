package dev.sheaf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.config.GatewayConfig;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * In a gateway shared by many teams every team extends the roots: a schema whose files only
 * {@code extend type Query} and {@code extend type Mutation} starts and answers.
 */
class TeamRootExtensionsTest {

  @Test
  void aSchemaThatOnlyExtendsTheRootsStartsAndAnswers(@TempDir Path dir) throws IOException {
    Path schema = Files.createDirectories(dir.resolve("schema"));
    TestGateway.copySampleSchema(schema, sdl -> sdl
        .replace("type Query {", "extend type Query {")
        .replace("type Mutation {", "extend type Mutation {"));
    assertThat(Files.readString(schema.resolve("shop.graphqls")))
        .contains("extend type Query {").doesNotContain("\ntype Query");

    try (TestGateway gateway = TestGateway.start(GatewayConfig.defaults(), schema, TestGateway.RESOLVERS, Map.of())) {
      JsonObject data = gateway.graphqlData("{ user(id: \"42\") { name } }", Map.of());

      assertThat(data.getJsonObject("user").getString("name")).isNotEmpty();
      assertThat(gateway.get("/api/v1/products/p1").statusCode()).isEqualTo(200);
    }
  }
}

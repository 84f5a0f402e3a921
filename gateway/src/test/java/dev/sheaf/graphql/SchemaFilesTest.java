package dev.sheaf.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import graphql.schema.GraphQLSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaFilesTest {

  @Test
  void rootsOnlyExtendedByTeamsGetAnEmptyBase(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("stores.graphqls"), """
        extend type Query { store(id: ID!): Store }
        type Store { id: ID! name: String }
        """);
    Files.writeString(dir.resolve("orders.graphqls"), """
        extend type Query { order(id: ID!): String }
        extend type Mutation { cancel(id: ID!): Boolean }
        """);

    GraphQLSchema schema = GraphQLExecutor.shapeOf(SchemaFiles.load(dir));

    assertThat(schema.getQueryType().getFieldDefinitions()).extracting("name").containsExactlyInAnyOrder("store", "order");
    assertThat(schema.getMutationType().getFieldDefinition("cancel")).isNotNull();
  }

  @Test
  void aSchemaDefinitionNamesItsOwnRoots(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("root.graphqls"), """
        schema { query: Root }
        type Root { ping: String }
        """);

    GraphQLSchema schema = GraphQLExecutor.shapeOf(SchemaFiles.load(dir));

    assertThat(schema.getQueryType().getName()).isEqualTo("Root");
    assertThat(schema.getType("Query")).isNull();
  }
}

package dev.sheaf.rest;

import dev.sheaf.binding.BindingLoader;
import dev.sheaf.graphql.GraphQLExecutor;
import dev.sheaf.graphql.QueryLimits;
import dev.sheaf.graphql.SchemaFiles;
import graphql.schema.GraphQLSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Loads endpoint declarations the way start-up does, from a binding file and operation documents in temp dirs. */
final class Declarations {

  /** A small schema with what declarations can trip over: lists, enums, an input object, an interface. */
  static final String SCHEMA = """
      type Query { user(id: ID!): User  search(filter: Filter): [User] }
      type Mutation { rename(id: ID!, name: String!): User }
      type User { id: ID!  name: String  tier: Tier!  orders(limit: Int = 10): [Order!]  pet: Pet  errors: Int }
      type Order { id: ID!  total: Float }
      enum Tier { BRONZE GOLD }
      input Filter { name: String  tiers: [Tier!]  and: Filter }
      interface Pet { name: String! }
      type Dog implements Pet { name: String!  barks: Boolean }
      type Cat implements Pet { name: String!  lives: Int }
      """;

  private final GraphQLSchema schema;
  private final Path resolvers;
  private final Path operations;

  Declarations(Path schemaDir, Path resolvers, Path operations) throws IOException {
    Files.writeString(schemaDir.resolve("test.graphqls"), SCHEMA);
    this.schema = GraphQLExecutor.shapeOf(SchemaFiles.load(schemaDir));
    this.resolvers = resolvers;
    this.operations = operations;
  }

  Declarations withOperation(String file, String document) throws IOException {
    Files.writeString(operations.resolve(file), document);
    return this;
  }

  /** Writes {@code yaml} as the binding file {@code team.yaml} and loads its endpoints. */
  Endpoints load(String yaml) throws IOException {
    Files.writeString(resolvers.resolve("team.yaml"), yaml);
    return new EndpointLoader(operations, QueryLimits.defaults()).load(new BindingLoader(Map.of(), Map.of()).read(resolvers), schema);
  }
}

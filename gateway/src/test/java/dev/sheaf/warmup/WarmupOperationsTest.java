package dev.sheaf.warmup;

import static org.assertj.core.api.Assertions.assertThat;

import graphql.schema.Coercing;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The warm-up's generated queries ask the way clients do. */
class WarmupOperationsTest {

  private static final GraphQLSchema SCHEMA = new SchemaGenerator().makeExecutableSchema(new SchemaParser().parse("""
      type Query { user(id: ID!, region: String): User }
      type User { id: ID! name: String orders(limit: Int = 10, status: Status, since: Date): [Order!] }
      type Order { id: ID! total: Float }
      enum Status { OPEN CLOSED }
      scalar Date
      """), RuntimeWiring.newRuntimeWiring()
      .scalar(GraphQLScalarType.newScalar().name("Date").coercing(new Coercing<Object, Object>() { }).build())
      .build());

  @Test
  void requiredArgumentsAreVariablesAndOptionalPlainOnesAreInline() {
    JsonObject body = WarmupOperations.generatedQuery(SCHEMA, SCHEMA.getQueryType().getFieldDefinition("user"));

    String query = body.getString("query");
    assertThat(query).startsWith("query Warmup_user($v0: ID!)")
        .contains("user(id: $v0, region: \"" + SampleValues.KEY + "\")")
        .as("optional built-in scalars and enums given inline, as clients often do")
        .contains("orders(limit: 1, status: OPEN)")
        .as("a custom scalar's literal form is its own: left out").doesNotContain("since");
    assertThat(body.getJsonObject("variables").getMap()).isEqualTo(Map.of("v0", SampleValues.KEY));
  }
}

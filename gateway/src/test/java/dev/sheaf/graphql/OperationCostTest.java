package dev.sheaf.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.config.CostLimits;
import graphql.GraphQLError;
import graphql.parser.Parser;
import graphql.schema.FieldCoordinates;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The static cost of documents, from a tiny schema whose fields are marked as calls or batches. */
class OperationCostTest {

  static final GraphQLSchema SCHEMA = new SchemaGenerator().makeExecutableSchema(new SchemaParser().parse("""
      type Query { users(first: Int): [User] feed(limit: Int = 5): [Item] user(id: ID): User }
      type User { id: ID posts(limit: Int): [Post] best: Post name: String }
      type Post { id: ID author: User }
      type Item { id: ID detail: String }
      """), RuntimeWiring.MOCKED_WIRING);

  static final Map<FieldCoordinates, FieldCost> COSTS = Map.of(
      FieldCoordinates.coordinates("Query", "users"), FieldCost.CALL,
      FieldCoordinates.coordinates("Query", "feed"), FieldCost.CALL,
      FieldCoordinates.coordinates("Query", "user"), FieldCost.CALL,
      FieldCoordinates.coordinates("User", "posts"), FieldCost.CALL,
      FieldCoordinates.coordinates("User", "best"), FieldCost.CALL_THEN_BATCH,
      FieldCoordinates.coordinates("Post", "author"), FieldCost.BATCH,
      FieldCoordinates.coordinates("Item", "detail"), FieldCost.CALL);

  final OperationCost cost = new OperationCost(SCHEMA, COSTS::get, new CostLimits(20, 10));

  long of(String document) {
    return cost.of(Parser.parse(document));
  }

  @Test
  void aCallUnderAListCostsOncePerItemAndABatchOncePerLevel() {
    assertThat(of("{ users(first: 4) { name posts(limit: 2) { id author { id } } } }")).isEqualTo(1 + 4 + 1);
    assertThat(of("{ user(id: 1) { best { id } } }")).isEqualTo(1 + 2);
  }

  @Test
  void aListsSizeComesFromItsLiteralArgumentElseItsDefaultElseTheAssumedSize() {
    assertThat(of("query($n: Int) { users(first: $n) { posts(limit: 1) { id } } }")).isEqualTo(1 + 10);
    assertThat(of("{ feed { detail } }")).isEqualTo(1 + 5);
    assertThat(of("{ users { posts { id } } }")).isEqualTo(1 + 10);
  }

  @Test
  void fragmentsAndAliasesCountAsWritten() {
    assertThat(of("{ users(first: 2) { ...F } } fragment F on User { posts(limit: 1) { id } }")).isEqualTo(1 + 2);
    assertThat(of("{ a: user(id: 1) { name } b: user(id: 2) { name } }")).isEqualTo(2);
    assertThat(of("{ __typename user(id: 1) { ... on User { posts(limit: 3) { id } } } }")).isEqualTo(2);
  }

  @Test
  void overTheLimitIsRefusedNamingTheCostAndTheLimit() {
    long over = of("{ users(first: 30) { posts(limit: 1) { id } } }");
    List<GraphQLError> errors = cost.check(over);

    assertThat(over).isEqualTo(31);
    assertThat(errors).singleElement().satisfies(error -> {
      assertThat(error.getMessage()).isEqualTo("The query costs 31 backend calls; the limit is 20 (limits.maxCost)");
      assertThat(error.getExtensions()).containsEntry("code", "QUERY_TOO_COMPLEX").containsEntry("cost", 31L)
          .containsEntry("maxCost", 20);
    });
    assertThat(cost.check(20)).isEmpty();
  }
}

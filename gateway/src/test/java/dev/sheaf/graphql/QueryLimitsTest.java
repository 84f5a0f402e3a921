package dev.sheaf.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import graphql.GraphQLError;
import graphql.parser.Parser;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueryLimitsTest {

  private static List<String> refusals(QueryLimits limits, String query) {
    return limits.check(Parser.parse(query)).stream().map(GraphQLError::getMessage).toList();
  }

  @Test
  void depthAliasesAndFieldsAreCountedWithFragmentsExpanded() {
    String query = """
        query Home { user(id: "1") { ...Who orders { id } } }
        fragment Who on User { name tier a: name b: tier }""";

    assertThat(refusals(new QueryLimits(3, 2, 7), query)).isEmpty();
    assertThat(refusals(new QueryLimits(2, 2, 7), query)).containsExactly(
        "The query is nested 3 fields deep; the limit is 2 (limits.maxDepth)");
    assertThat(refusals(new QueryLimits(3, 1, 5), query)).containsExactly(
        "The query has 2 aliased fields; the limit is 1 (limits.maxAliases)",
        "The query selects 7 fields; the limit is 5 (limits.maxFields)");
  }

  @Test
  void aFragmentThatDoublesAtEveryLevelIsMeasuredWithoutExpandingIt() {
    StringBuilder bomb = new StringBuilder("{ ...F0 }\n");
    for (int level = 0; level < 40; level++) {
      bomb.append("fragment F").append(level).append(" on Query { ...F").append(level + 1).append(" ... on Query { ...F")
          .append(level + 1).append(" } }\n");
    }
    bomb.append("fragment F40 on Query { product(id: \"p1\") { name } }\n");

    List<String> refused = refusals(QueryLimits.defaults(), bomb.toString());

    assertThat(refused).containsExactly("The query selects more than 1000000 fields; the limit is 500 (limits.maxFields)");
  }
}

package dev.sheaf.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.schema.DataFetcher;
import graphql.schema.FieldCoordinates;
import graphql.schema.idl.SchemaParser;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The schema is built once, then the fetchers are wired in: the shape's own type resolution must survive that. */
class GraphQLExecutorTest {

  private static final String SDL = """
      interface Node { id: ID! }
      type Book implements Node { id: ID! title: String }
      type Film implements Node { id: ID! minutes: Int }
      union Item = Book | Film
      type Query { node: Node items: [Item] }
      """;

  @Test
  void interfacesAndUnionsResolveByTypenameAfterTheFetchersAreWiredIn() {
    var shape = GraphQLExecutor.shapeOf(new SchemaParser().parse(SDL));
    DataFetcher<?> node = env -> Map.of("__typename", "Film", "id", "f1", "minutes", 96);
    DataFetcher<?> items = env -> List.of(
        Map.of("__typename", "Book", "id", "b1", "title", "Dune"),
        Map.of("__typename", "Film", "id", "f2", "minutes", 155));
    var executor = new GraphQLExecutor(shape, registry -> registry
        .dataFetcher(FieldCoordinates.coordinates("Query", "node"), node)
        .dataFetcher(FieldCoordinates.coordinates("Query", "items"), items), 10, QueryLimits.defaults());

    ExecutionResult result = GraphQL.newGraphQL(executor.schema()).build().execute("""
        { node { id ... on Film { minutes } }
          items { __typename ... on Book { title } ... on Film { minutes } } }""");

    assertThat(result.getErrors()).isEmpty();
    assertThat(result.<Map<String, Object>>getData()).isEqualTo(Map.of(
        "node", Map.of("id", "f1", "minutes", 96),
        "items", List.of(Map.of("__typename", "Book", "title", "Dune"), Map.of("__typename", "Film", "minutes", 155))));
  }
}

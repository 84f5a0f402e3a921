package dev.sheaf.graphql;

import graphql.ExecutionInput;
import graphql.ParseAndValidate;
import graphql.ParseAndValidateResult;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.SchemaParser;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The document cache: a hit (what every repeated query costs) against a miss (parse + validate,
 * what the cache saves). In the gateway's own package because {@link DocumentCache} is package-private.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DocumentCacheBench {

  static final String HOME = "query Home($id: ID!) { user(id: $id) { name tier orders(limit: 3) { id total status } "
      + "recommendations { id name price stock { available warehouse } } } }";

  private DocumentCache cache;
  private ExecutionInput input;
  private Function<ExecutionInput, PreparsedDocumentEntry> parseAndValidate;

  /** The part of the sample schema the home query touches, inlined: the benchmark must not break when schema/ grows. */
  static final String SDL = """
      type Query { user(id: ID!): User product(id: ID!): Product }
      enum Tier { BRONZE SILVER GOLD }
      enum OrderStatus { PLACED SHIPPED DELIVERED CANCELLED }
      type User { id: ID! name: String! email: String tier: Tier! orders(limit: Int = 10): [Order!] recommendations: [Product] }
      type Order { id: ID! total: Float status: OrderStatus! placedAt: String }
      type Product { id: ID! name: String! price: Float! currency: String! stock: Stock }
      type Stock { available: Int! warehouse: String! }
      """;

  @Setup
  public void setup() {
    GraphQLSchema schema = GraphQLExecutor.shapeOf(new SchemaParser().parse(SDL));
    parseAndValidate = in -> {
      ParseAndValidateResult result = ParseAndValidate.parseAndValidate(schema, in);
      if (result.isFailure()) {
        throw new IllegalStateException("the home query does not validate: " + result.getErrors());
      }
      return new PreparsedDocumentEntry(result.getDocument());
    };
    cache = new DocumentCache(1000, QueryLimits.defaults(), null, true);
    input = ExecutionInput.newExecutionInput().query(HOME).operationName("Home").variables(Map.of("id", "42")).build();
    cache.getDocumentAsync(input, parseAndValidate).join();
  }

  @Benchmark
  public PreparsedDocumentEntry hit() {
    return cache.getDocumentAsync(input, parseAndValidate).join();
  }

  @Benchmark
  public PreparsedDocumentEntry missParseAndValidate() {
    return parseAndValidate.apply(input);
  }
}

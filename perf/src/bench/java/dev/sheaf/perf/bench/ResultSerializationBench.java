package dev.sheaf.perf.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.ExecutionResult;
import graphql.ExecutionResultImpl;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.execution.ResultPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Writing a result to the wire: {@code ExecutionResult.toSpecification()} then Jackson
 * {@code writeValueAsBytes}, as {@code GraphQLHttpHandler} does for every response.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ResultSerializationBench {

  /** home: the home screen; homeWithTimeouts: the same with four BACKEND_TIMEOUT errors; items2000: ≈ 1 MB. */
  @Param({"home", "homeWithTimeouts", "items2000"})
  public String result;

  private final ObjectMapper json = new ObjectMapper();
  private ExecutionResult executionResult;

  @Setup
  public void setup() throws JsonProcessingException {
    Object data = switch (result) {
      case "home", "homeWithTimeouts" -> json.readValue(BenchData.homeData().encode(), Map.class);
      case "items2000" -> Map.of("perfItems", json.readValue(BenchData.items(2000).getJsonArray("items").encode(), List.class));
      default -> throw new IllegalArgumentException(result);
    };
    List<GraphQLError> errors = new ArrayList<>();
    if (result.equals("homeWithTimeouts")) {
      for (int i = 0; i < 4; i++) {
        errors.add(GraphqlErrorBuilder.newError()
            .message("Backend 'inventory' did not answer within 200 ms")
            .path(ResultPath.parse("/user/recommendations[" + i + "]/stock"))
            .extensions(Map.of("code", "BACKEND_TIMEOUT", "backend", "inventory"))
            .build());
      }
    }
    executionResult = ExecutionResultImpl.newExecutionResult().data(data).errors(errors).build();
  }

  @Benchmark
  public byte[] toSpecificationAndWrite() throws JsonProcessingException {
    return json.writeValueAsBytes(executionResult.toSpecification());
  }
}

package dev.sheaf.perf.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
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
 * Mapping a backend's JSON answer to plain Java values, as the gateway does for every REST call
 * ({@code ObjectMapper.readValue(bytes, Object.class)} in {@code RequestScope}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class BackendJsonBench {

  @Param({"user", "orders", "catalog4", "catalog100", "items2000"})
  public String answer;

  private final ObjectMapper json = new ObjectMapper();
  private byte[] bytes;

  @Setup
  public void setup() {
    bytes = BenchData.backendAnswer(answer);
  }

  @Benchmark
  public Object readValueToObject() throws IOException {
    return json.readValue(bytes, Object.class);
  }
}

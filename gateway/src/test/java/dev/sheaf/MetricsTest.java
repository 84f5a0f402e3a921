package dev.sheaf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sheaf.config.GatewayConfig;
import dev.sheaf.mock.Knobs;
import dev.sheaf.mock.inventory.GrpcKnobs;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code GET /metrics} on the admin port, after real requests through the gateway to the mocks. */
class MetricsTest {

  static final String HOME = """
      query Home($id: ID!) {
        user(id: $id) {
          name
          orders(limit: 3) { id }
          recommendations { id name stock { available } }
        }
      }""";

  private static final String BACKEND_CALLS = "sheaf_backend_calls_seconds_count{";
  private static final String CLIENT_REQUESTS = "sheaf_client_requests_seconds_count{";

  @RegisterExtension
  static final TestGateway gateway = TestGateway.perClass();

  /** The first gRPC call of a fresh JVM can take longer than the inventory's 300 ms: not what is tested here. */
  @BeforeAll
  static void warmUp() {
    gateway.query(HOME, Map.of("id", "42"));
  }

  @Test
  void backendCallCountsMatchWhatTheBackendsSaw() {
    Map<String, Double> before = scrape();

    JsonObject body = gateway.query(HOME, Map.of("id", "42"));

    assertThat(body.containsKey("errors")).as(body.encode()).isFalse();
    Map<String, Double> after = scrape();
    Map<String, Integer> seen = Map.of(
        "users", gateway.mocks.users().calls(),
        "orders", gateway.mocks.orders().calls(),
        "recommendations", gateway.mocks.recommendations().calls(),
        "catalog", gateway.mocks.catalog().calls(),
        "inventory", gateway.mocks.inventory().calls());
    seen.forEach((backend, calls) -> {
      assertThat(calls).as(backend).isPositive();
      double counted = delta(before, after, s -> s.startsWith(BACKEND_CALLS) && s.contains("backend=\"" + backend + "\"")
          && s.contains("outcome=\"ok\""));
      assertThat(counted).as(backend).isEqualTo(calls.doubleValue());
    });
    // Labelled by the binding's template, never by the rendered URL.
    assertThat(after).containsKey(
        BACKEND_CALLS + "backend=\"users\",outcome=\"ok\",route=\"GET /users/{args.id}\"}");
    assertThat(after).containsKey(BACKEND_CALLS
        + "backend=\"inventory\",outcome=\"ok\",route=\"inventory.v1.InventoryService/GetStock\"}");
    assertThat(after.keySet()).noneMatch(s -> s.contains("/users/42"));
    // Histogram buckets from 1 ms to 30 s.
    assertThat(after.keySet()).anyMatch(s -> s.startsWith("sheaf_backend_calls_seconds_bucket{")
        && s.contains("backend=\"users\"") && s.contains("le=\"0.001\""));
    assertThat(after.keySet()).anyMatch(s -> s.startsWith("sheaf_backend_calls_seconds_bucket{")
        && s.contains("backend=\"users\"") && s.contains("le=\"30.0\""));
    assertThat(after.get("sheaf_backend_calls_in_flight{backend=\"users\"}")).isEqualTo(0.0);
    assertThat(after.keySet()).anyMatch(s -> s.startsWith("jvm_memory_used_bytes{"));
    assertThat(after).containsKey("process_cpu_usage");
  }

  @Test
  void clientRequestsAreCountedByTransportOperationOutcomeAndStatus() throws InterruptedException {
    Map<String, Double> before = scrape();

    gateway.query(HOME, Map.of("id", "42"));
    gateway.query(HOME, Map.of("id", "42"));
    HttpResponse<Buffer> noQuery = gateway.get("/graphql");
    gateway.mocks.orders().setKnobs(Knobs.none().withErrorStatus(503));
    JsonObject partial = gateway.query(HOME, Map.of("id", "42"));

    assertThat(noQuery.statusCode()).isEqualTo(400);
    assertThat(partial.getJsonObject("data").getJsonObject("user").getString("name")).isNotNull();
    Map<String, Double> after = scrapeOnceCounted(before, 4);
    assertThat(delta(before, after, s -> s.equals(CLIENT_REQUESTS
        + "operation=\"Home\",outcome=\"complete\",status=\"200\",transport=\"graphql\",type=\"query\"}")))
        .isEqualTo(2.0);
    assertThat(delta(before, after, s -> s.equals(CLIENT_REQUESTS
        + "operation=\"Home\",outcome=\"partial\",status=\"200\",transport=\"graphql\",type=\"query\"}")))
        .isEqualTo(1.0);
    // Refused before anything ran: no operation name the client could invent becomes a label.
    assertThat(delta(before, after, s -> s.equals(CLIENT_REQUESTS
        + "operation=\"unknown\",outcome=\"rejected\",status=\"400\",transport=\"graphql\",type=\"unknown\"}")))
        .isEqualTo(1.0);
    // Probes are not client requests.
    gateway.get("/health");
    assertThat(scrape().keySet()).noneMatch(s -> s.startsWith(CLIENT_REQUESTS) && s.contains("transport=\"rest\""));
  }

  @Test
  void timedOutBackendCallIsCountedUnderItsErrorCode() {
    gateway.mocks.inventory().setKnobs(GrpcKnobs.none().withHang(true));
    Map<String, Double> before = scrape();

    JsonObject body = gateway.query(HOME, Map.of("id", "42"));

    assertThat(body.getJsonArray("errors").getJsonObject(0).getJsonObject("extensions").getString("code"))
        .isEqualTo("BACKEND_TIMEOUT");
    Map<String, Double> after = scrape();
    assertThat(delta(before, after, s -> s.equals(BACKEND_CALLS
        + "backend=\"inventory\",outcome=\"BACKEND_TIMEOUT\",route=\"inventory.v1.InventoryService/GetStock\"}")))
        .isEqualTo(1.0);
    assertThat(delta(before, after, s -> s.startsWith(BACKEND_CALLS) && s.contains("backend=\"inventory\"")
        && s.contains("outcome=\"ok\""))).isEqualTo(0.0);
  }

  @Test
  void batchSizesAndSharedReadsAreCounted() {
    Map<String, Double> before = scrape();

    JsonObject body = gateway.query(HOME, Map.of("id", "42"));

    int recommended = body.getJsonObject("data").getJsonObject("user").getJsonArray("recommendations").size();
    assertThat(recommended).isGreaterThan(1);
    Map<String, Double> after = scrape();
    for (String backend : List.of("catalog", "inventory")) {
      // One batch call carrying every recommended product's key.
      assertThat(delta(before, after, s -> s.startsWith("sheaf_backend_batch_size_count{")
          && s.contains("backend=\"" + backend + "\""))).as(backend).isEqualTo(1.0);
      assertThat(delta(before, after, s -> s.startsWith("sheaf_backend_batch_size_sum{")
          && s.contains("backend=\"" + backend + "\""))).as(backend).isEqualTo(recommended);
    }
    // orders and recommendations start with the users call (their parent's known id); the fields
    // then share those reads instead of calling again: one call saved each.
    for (String backend : List.of("orders", "recommendations")) {
      assertThat(delta(before, after, s -> s.equals("sheaf_backend_calls_deduplicated_total{backend=\"" + backend
          + "\"}"))).as(backend).isEqualTo(1.0);
    }
    assertThat(delta(before, after, s -> s.startsWith("sheaf_backend_calls_deduplicated_total{backend=\"users\""))).isZero();
  }

  /** Metric names and the labels the dashboard groups by, in every query of the Grafana dashboard. */
  @Test
  void theGrafanaDashboardAsksOnlyForSeriesTheGatewayExports() throws Exception {
    gateway.query(HOME, Map.of("id", "42"));
    HttpResponse<Buffer> reload = TestGateway.await(
        gateway.client.post(gateway.sheaf.adminPort(), "127.0.0.1", "/reload").send());
    assertThat(reload.statusCode()).isEqualTo(200);
    Set<String> series = scrape().keySet();

    JsonObject dashboard = new JsonObject(Files.readString(Path.of("ops/grafana/sheaf-gateway.json")));
    List<String> queries = new ArrayList<>();
    dashboard.getJsonArray("panels").forEach(panel -> ((JsonObject) panel).getJsonArray("targets")
        .forEach(target -> queries.add(((JsonObject) target).getString("expr"))));
    assertThat(queries).hasSizeGreaterThan(10);
    Pattern metric = Pattern.compile("\\b(?:sheaf|jvm|process)_[a-z0-9_]+\\b");
    Pattern by = Pattern.compile("by \\(([^)]*)\\)");
    Set<String> used = new java.util.TreeSet<>();
    for (String query : queries) {
      Matcher names = metric.matcher(query);
      List<String> inQuery = new ArrayList<>();
      while (names.find()) {
        String name = names.group();
        inQuery.add(name);
        used.add(name);
        assertThat(series).as(query).anyMatch(s -> s.equals(name) || s.startsWith(name + "{"));
      }
      assertThat(inQuery).as(query).isNotEmpty();
      Matcher grouping = by.matcher(query);
      while (grouping.find()) {
        for (String label : grouping.group(1).split(",")) {
          String l = label.trim();
          assertThat(series).as(query + ": label " + l)
              .anyMatch(s -> inQuery.stream().anyMatch(s::startsWith) && s.contains(l + "=\""));
        }
      }
    }
    // The families the issue asks a platform team to see are all charted.
    assertThat(used).contains("sheaf_client_requests_seconds_count", "sheaf_client_requests_seconds_bucket",
        "sheaf_backend_calls_seconds_count", "sheaf_backend_calls_seconds_bucket", "sheaf_backend_calls_in_flight",
        "sheaf_backend_batch_size_sum", "sheaf_backend_calls_deduplicated_total", "sheaf_backend_circuit_state");
  }

  @Test
  void metricsOffLeavesOnlyTheJvmsOwn() {
    try (TestGateway off = TestGateway.start(GatewayConfig.defaults()
        .withInsight(GatewayConfig.defaults().insight().withMetrics(false)))) {
      off.query(HOME, Map.of("id", "42"));
      HttpResponse<Buffer> response = TestGateway.await(off.client.get(off.sheaf.adminPort(), "127.0.0.1", "/metrics")
          .send());

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.bodyAsString()).contains("jvm_memory_used_bytes").doesNotContain("sheaf_backend_calls")
          .doesNotContain("sheaf_client_requests_seconds");
    }
  }

  /** Every sample of the admin port's {@code /metrics}, by series (name and labels). */
  private static Map<String, Double> scrape() {
    HttpResponse<Buffer> response = TestGateway.await(
        gateway.client.get(gateway.sheaf.adminPort(), "127.0.0.1", "/metrics").send());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("content-type")).startsWith("text/plain");
    Map<String, Double> samples = new LinkedHashMap<>();
    response.bodyAsString().lines().filter(line -> !line.startsWith("#") && !line.isBlank()).forEach(line -> {
      int space = line.lastIndexOf(' ');
      samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
    });
    return samples;
  }

  /**
   * A scrape once {@code requests} more client requests than in {@code before} have been counted (or after
   * 5 s): a request is counted when its answer has been written, and the client may read it before that.
   */
  private static Map<String, Double> scrapeOnceCounted(Map<String, Double> before, int requests)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    Map<String, Double> after = scrape();
    while (delta(before, after, s -> s.startsWith(CLIENT_REQUESTS)) < requests && System.nanoTime() < deadline) {
      Thread.sleep(20);
      after = scrape();
    }
    return after;
  }

  private static double delta(Map<String, Double> before, Map<String, Double> after, Predicate<String> series) {
    double sum = 0;
    for (Map.Entry<String, Double> sample : after.entrySet()) {
      if (series.test(sample.getKey())) {
        sum += sample.getValue() - before.getOrDefault(sample.getKey(), 0.0);
      }
    }
    return sum;
  }
}

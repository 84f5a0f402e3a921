package dev.sheaf.perf.bench;

import dev.sheaf.binding.HttpCall;
import dev.sheaf.binding.Selector;
import dev.sheaf.binding.StringTemplate;
import dev.sheaf.binding.TemplateScope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Rendering the compiled binding templates, as every backend call does: the home screen renders
 * {@code /users/{args.id}}, {@code /users/{source.id}/orders?limit=…} and the catalog batch
 * {@code /products?ids={keys}}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TemplateBench {

  private StringTemplate ordersPath;
  private HttpCall user;
  private HttpCall orders;
  private HttpCall batch;
  private TemplateScope userScope;
  private TemplateScope ordersScope;
  private TemplateScope keys4;
  private TemplateScope keys100;

  @Setup
  public void setup() {
    ordersPath = StringTemplate.compile("/users/{source.id}/orders");
    user = new HttpCall("GET", StringTemplate.compile("/users/{args.id}"), Map.of(), null, Selector.WHOLE);
    Map<String, StringTemplate> limit = new LinkedHashMap<>();
    limit.put("limit", StringTemplate.compile("{args.limit}"));
    orders = new HttpCall("GET", ordersPath, limit, null, Selector.compile("orders"));
    batch = new HttpCall("GET", StringTemplate.compile("/products"), Map.of("ids", StringTemplate.compile("{keys}")),
        null, Selector.compile("products"));
    userScope = Scopes.of(Map.of("id", "42"), null);
    ordersScope = Scopes.of(Map.of("limit", 3), Map.of("id", "42", "fullName", "Grace Liskov"));
    keys4 = TemplateScope.ofKeys(List.of("p127", "p144", "p161", "p178"));
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= 100; i++) {
      ids.add("p" + i);
    }
    keys100 = TemplateScope.ofKeys(ids);
  }

  /** StringTemplate alone, no encoding. */
  @Benchmark
  public String stringTemplateRender() {
    return ordersPath.render(ordersScope, UnaryOperator.identity());
  }

  @Benchmark
  public String renderUriUser() {
    return user.renderUri(userScope);
  }

  @Benchmark
  public String renderUriOrdersWithQuery() {
    return orders.renderUri(ordersScope);
  }

  @Benchmark
  public String renderUriBatch4Keys() {
    return batch.renderUri(keys4);
  }

  @Benchmark
  public String renderUriBatch100Keys() {
    return batch.renderUri(keys100);
  }
}

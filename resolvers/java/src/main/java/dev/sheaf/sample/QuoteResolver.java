package dev.sheaf.sample;

import dev.sheaf.spi.FieldResolver;
import dev.sheaf.spi.ResolverEnvironment;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Sample Java resolver: a price quote for a basket. Summing prices is arithmetic a binding file
 * cannot express, so it lives here; the product lookups still go through the Product entity's
 * batch binding, so a basket of N products costs one catalog call.
 */
public final class QuoteResolver implements FieldResolver {

  @Override
  public String field() {
    return "Query.quote";
  }

  @Override
  public CompletionStage<Object> resolve(ResolverEnvironment env) {
    @SuppressWarnings("unchecked")
    List<Object> ids = (List<Object>) env.arguments().get("productIds");
    List<CompletableFuture<Object>> lookups = new ArrayList<>();
    for (Object id : ids) {
      lookups.add(env.loadEntity("Product", String.valueOf(id)).toCompletableFuture());
    }
    return CompletableFuture.allOf(lookups.toArray(CompletableFuture[]::new))
        .thenApply(done -> quote(ids, lookups.stream().map(CompletableFuture::join).toList()));
  }

  private static Object quote(List<Object> ids, List<Object> products) {
    BigDecimal total = BigDecimal.ZERO;
    List<Object> missing = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      if (products.get(i) instanceof Map<?, ?> product && product.get("price") instanceof Number price) {
        total = total.add(new BigDecimal(price.toString()));
      } else {
        missing.add(ids.get(i));
      }
    }
    Map<String, Object> quote = new LinkedHashMap<>();
    quote.put("products", products);
    quote.put("total", total.doubleValue());
    quote.put("missingProductIds", missing);
    return quote;
  }
}

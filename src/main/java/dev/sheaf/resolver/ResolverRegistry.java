package dev.sheaf.resolver;

import dev.sheaf.binding.Bindings;
import dev.sheaf.binding.FieldBinding;
import dev.sheaf.spi.FieldResolver;
import graphql.schema.DataFetcher;
import graphql.schema.FieldCoordinates;
import graphql.schema.GraphQLCodeRegistry;
import java.util.Map;

/** Turns every field binding into the graphql-java data fetcher that executes it. */
public final class ResolverRegistry {

  private ResolverRegistry() {
  }

  /** Adds the fetcher of every bound field to a code registry. */
  public static void addFetchers(GraphQLCodeRegistry.Builder registry, Bindings bindings,
                                 Map<FieldCoordinates, FieldResolver> java) {
    Prefetcher prefetcher = new Prefetcher(bindings.fields());
    bindings.fields().forEach((coords, binding) -> registry.dataFetcher(coords, fetcherFor(binding, prefetcher, java)));
  }

  private static DataFetcher<?> fetcherFor(FieldBinding binding, Prefetcher prefetcher,
                                           Map<FieldCoordinates, FieldResolver> java) {
    if (binding instanceof FieldBinding.Call rest) {
      return new CallFieldFetcher(rest, prefetcher);
    }
    if (binding instanceof FieldBinding.FromSource from) {
      return new FromSourceFetcher(from.from());
    }
    if (binding instanceof FieldBinding.EntityByKey entity) {
      return new EntityByKeyFetcher(entity);
    }
    return new JavaFieldFetcher(java.get(binding.coordinates()));
  }
}

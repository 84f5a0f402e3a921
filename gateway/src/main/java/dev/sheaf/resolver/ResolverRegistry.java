package dev.sheaf.resolver;

import dev.sheaf.binding.Bindings;
import dev.sheaf.binding.FieldBinding;
import dev.sheaf.graphql.FieldCost;
import dev.sheaf.spi.FieldResolver;
import graphql.schema.DataFetcher;
import graphql.schema.FieldCoordinates;
import graphql.schema.GraphQLCodeRegistry;
import java.util.HashMap;
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

  /**
   * The backend each bound field's value comes from: its own call's, or, for entities (by key, or
   * a call answering keys), the entity's.
   */
  public static Map<FieldCoordinates, String> backendsByField(Bindings bindings) {
    Map<FieldCoordinates, String> backends = new HashMap<>();
    bindings.fields().forEach((coords, binding) -> {
      String entity = binding instanceof FieldBinding.EntityByKey byKey ? byKey.entity()
          : binding instanceof FieldBinding.Call call ? call.keysOf() : null;
      if (entity != null && bindings.entities().containsKey(entity)) {
        backends.put(coords, bindings.entities().get(entity).backend());
      } else if (binding instanceof FieldBinding.Call call) {
        backends.put(coords, call.backend());
      }
    });
    return Map.copyOf(backends);
  }

  /** What each bound field costs in backend calls, for the operation cost limit. */
  public static Map<FieldCoordinates, FieldCost> costsByField(Bindings bindings) {
    Map<FieldCoordinates, FieldCost> costs = new HashMap<>();
    bindings.fields().forEach((coords, binding) -> costs.put(coords, costOf(binding)));
    return Map.copyOf(costs);
  }

  private static FieldCost costOf(FieldBinding binding) {
    if (binding instanceof FieldBinding.Call call) {
      return call.keysOf() == null ? FieldCost.CALL : FieldCost.CALL_THEN_BATCH;
    }
    if (binding instanceof FieldBinding.EntityByKey) {
      return FieldCost.BATCH;
    }
    // A Java resolver's calls are its own business: counted as one.
    return binding instanceof FieldBinding.Java ? FieldCost.CALL : FieldCost.NONE;
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

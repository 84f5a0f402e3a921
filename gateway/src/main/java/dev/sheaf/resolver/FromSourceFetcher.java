package dev.sheaf.resolver;

import dev.sheaf.binding.Selector;
import graphql.TrivialDataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.LightDataFetcher;
import java.util.function.Supplier;

/**
 * Takes a field's value from the parent object under another name or path ({@code from:}). It reads
 * the parent only, so graphql-java runs it without building an environment, and the executor may
 * complete a leaf it serves in one step.
 */
final class FromSourceFetcher implements LightDataFetcher<Object>, TrivialDataFetcher<Object> {

  private final Selector from;

  FromSourceFetcher(Selector from) {
    this.from = from;
  }

  @Override
  public Object get(DataFetchingEnvironment env) {
    return select(env.getSource());
  }

  @Override
  public Object get(GraphQLFieldDefinition field, Object source, Supplier<DataFetchingEnvironment> env) {
    return select(source);
  }

  private Object select(Object source) {
    try {
      return from.select(source);
    } catch (Selector.WrongShapeException e) {
      return null; // the parent lacks the path: the field is absent, as any missing value
    }
  }
}

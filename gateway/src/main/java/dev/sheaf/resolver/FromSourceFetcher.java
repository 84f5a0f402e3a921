package dev.sheaf.resolver;

import dev.sheaf.binding.Selector;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;

/** Takes a field's value from the parent object under another name or path ({@code from:}). */
final class FromSourceFetcher implements DataFetcher<Object> {

  private final Selector from;

  FromSourceFetcher(Selector from) {
    this.from = from;
  }

  @Override
  public Object get(DataFetchingEnvironment env) {
    try {
      return from.select(env.getSource());
    } catch (Selector.WrongShapeException e) {
      return null; // the parent lacks the path: the field is absent, as any missing value
    }
  }
}

package dev.sheaf.rest;

import graphql.language.SelectionSet;
import graphql.schema.GraphQLOutputType;
import java.util.List;

/**
 * One member of a JSON object an operation returns: its response key (the alias, or the field's
 * name), its type, and the selections below it (merged from every place that selects the key).
 *
 * @param always false when the key may be absent: under {@code @skip}/{@code @include}, or in a
 *               fragment on a narrower type than the object
 */
record SelectedField(String key, String fieldName, String description, GraphQLOutputType type,
                     List<SelectionSet> selections, boolean always) {

  boolean isTypename() {
    return "__typename".equals(fieldName);
  }
}

package dev.sheaf.rest;

import graphql.introspection.Introspection;
import graphql.language.Directive;
import graphql.language.DirectivesContainer;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.language.TypeName;
import graphql.schema.GraphQLCompositeType;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLFieldsContainer;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns an operation's selection sets into the members of the JSON objects it returns, following
 * fragments and aliases. The operation is already valid, so every field exists on its type.
 */
final class SelectionWalker {

  private final GraphQLSchema schema;
  private final Map<String, FragmentDefinition> fragments;

  SelectionWalker(GraphQLSchema schema, Map<String, FragmentDefinition> fragments) {
    this.schema = schema;
    this.fragments = fragments;
  }

  /** The members of an object of {@code parent} type selected by these selection sets, in order. */
  List<SelectedField> fieldsOf(GraphQLCompositeType parent, List<SelectionSet> sets) {
    Map<String, SelectedField> byKey = new LinkedHashMap<>();
    for (SelectionSet set : sets) {
      collect(parent, parent, set, true, byKey);
    }
    return List.copyOf(byKey.values());
  }

  private void collect(GraphQLCompositeType parent, GraphQLCompositeType scope, SelectionSet set, boolean always,
                       Map<String, SelectedField> byKey) {
    for (Selection<?> selection : set.getSelections()) {
      boolean unconditional = always && !conditional((DirectivesContainer<?>) selection);
      if (selection instanceof Field field) {
        add(scope, field, unconditional, byKey);
      } else if (selection instanceof InlineFragment inline) {
        enter(parent, scope, inline.getTypeCondition(), inline.getSelectionSet(), unconditional, byKey);
      } else if (selection instanceof FragmentSpread spread) {
        FragmentDefinition fragment = fragments.get(spread.getName());
        enter(parent, scope, fragment.getTypeCondition(), fragment.getSelectionSet(), unconditional, byKey);
      }
    }
  }

  private void enter(GraphQLCompositeType parent, GraphQLCompositeType scope, TypeName condition, SelectionSet set,
                     boolean always, Map<String, SelectedField> byKey) {
    GraphQLCompositeType narrowed = condition == null ? scope
        : (GraphQLCompositeType) schema.getType(condition.getName());
    if (parent instanceof GraphQLObjectType object && !appliesTo(narrowed, object)) {
      return; // a fragment on another object type never applies here
    }
    collect(parent, narrowed, set, always && covers(narrowed, parent), byKey);
  }

  private void add(GraphQLCompositeType scope, Field field, boolean always, Map<String, SelectedField> byKey) {
    String key = field.getResultKey();
    GraphQLFieldDefinition definition = "__typename".equals(field.getName()) ? Introspection.TypeNameMetaFieldDef
        : ((GraphQLFieldsContainer) scope).getFieldDefinition(field.getName());
    SelectedField previous = byKey.get(key);
    List<SelectionSet> selections = new ArrayList<>(previous == null ? List.of() : previous.selections());
    if (field.getSelectionSet() != null) {
      selections.add(field.getSelectionSet());
    }
    boolean present = always || (previous != null && previous.always());
    byKey.put(key, new SelectedField(key, field.getName(), definition.getDescription(), definition.getType(),
        List.copyOf(selections), present));
  }

  private boolean appliesTo(GraphQLCompositeType condition, GraphQLObjectType object) {
    if (condition instanceof GraphQLObjectType) {
      return condition.getName().equals(object.getName());
    }
    return schema.isPossibleType(condition, object);
  }

  /** True when every object of {@code parent} type also has the condition's type. */
  private boolean covers(GraphQLCompositeType condition, GraphQLCompositeType parent) {
    if (condition.getName().equals(parent.getName())) {
      return true;
    }
    return parent instanceof GraphQLObjectType object && appliesTo(condition, object);
  }

  private static boolean conditional(DirectivesContainer<?> selection) {
    for (Directive directive : selection.getDirectives()) {
      if (directive.getName().equals("skip") || directive.getName().equals("include")) {
        return true;
      }
    }
    return false;
  }
}

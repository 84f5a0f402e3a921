package dev.sheaf.graphql;

import graphql.ExperimentalApi;
import graphql.TrivialDataFetcher;
import graphql.execution.ExecutionContext;
import graphql.execution.ExecutionStrategyParameters;
import graphql.execution.FieldCollector;
import graphql.execution.FieldCollectorParameters;
import graphql.execution.FieldValueInfo;
import graphql.execution.MergedSelectionSet;
import graphql.introspection.Introspection;
import graphql.schema.FieldCoordinates;
import graphql.schema.GraphQLCodeRegistry;
import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import graphql.schema.LightDataFetcher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The commonest fields of a gateway's answer, completed in one step instead of through graphql-java's
 * per-field machinery (step info, fetch and completion parameters, instrumentation contexts, a
 * fetched-value box, a path per field), which made the largest share of a typical screen's CPU beyond
 * the transport:
 * <ul>
 *   <li>a plain leaf: a scalar or an enum (or a list of one), without arguments, whose value its parent
 *       already holds (a backend's JSON answer) under its name or a {@code from:} path;</li>
 *   <li>an object whose selected fields are all plain leaves, as one map;</li>
 *   <li>a list of such objects, its selection collected once instead of once per item.</li>
 * </ul>
 *
 * <p>Only plain values are taken here: strings, numbers and booleans that serialize to non-null values.
 * Anything else (a null, a value of another shape or type, a field with a fetcher of its own, such as a
 * bound field or an authorization guard, a request that may defer fragments) goes graphql-java's way,
 * so nulls, errors and their paths stay graphql-java's. The gateway's instrumentation has
 * operation-level hooks only; field-, object- and list-level hooks would not see what is completed here.
 *
 * <p>Which fields are plain is decided once per schema (a reload builds a new one), so a request only
 * looks its fields up.
 */
final class PlainLeaves {

  /**
   * A plain field: its type (a scalar or an enum, or a list of one), and the fetcher that takes its
   * value from the parent (null: by name from a map); or {@code __typename}, whose value is the type's
   * name (clients such as Apollo's and Relay add it to every selection).
   */
  private record Leaf(GraphQLFieldDefinition field, GraphQLScalarType scalar, GraphQLEnumType enumType, boolean list,
                      LightDataFetcher<?> fetcher, String typename) {
    static Leaf typenameOf(GraphQLObjectType type) {
      return new Leaf(null, null, null, false, null, type.getName());
    }
  }

  private final Map<GraphQLObjectType, Map<String, Leaf>> byType = new IdentityHashMap<>();

  PlainLeaves(GraphQLSchema schema) {
    GraphQLCodeRegistry code = schema.getCodeRegistry();
    for (GraphQLNamedType type : schema.getAllTypesAsList()) {
      if (type instanceof GraphQLObjectType object && !object.getName().startsWith("__")) {
        Map<String, Leaf> leaves = new HashMap<>();
        for (GraphQLFieldDefinition field : object.getFieldDefinitions()) {
          Leaf leaf = leafOf(code, object, field);
          if (leaf != null) {
            leaves.put(field.getName(), leaf);
          }
        }
        leaves.put(Introspection.TypeNameMetaFieldDef.getName(), Leaf.typenameOf(object));
        byType.put(object, Map.copyOf(leaves));
      }
    }
  }

  private static Leaf leafOf(GraphQLCodeRegistry code, GraphQLObjectType parent, GraphQLFieldDefinition field) {
    GraphQLType type = GraphQLTypeUtil.unwrapNonNull(field.getType());
    boolean list = type instanceof GraphQLList;
    if (list) {
      type = GraphQLTypeUtil.unwrapNonNull(((GraphQLList) type).getWrappedType());
    }
    if (!field.getArguments().isEmpty() || !(type instanceof GraphQLScalarType || type instanceof GraphQLEnumType)) {
      return null;
    }
    GraphQLScalarType scalar = type instanceof GraphQLScalarType s ? s : null;
    GraphQLEnumType enumType = type instanceof GraphQLEnumType e ? e : null;
    FieldCoordinates coordinates = FieldCoordinates.coordinates(parent, field);
    if (!code.hasDataFetcher(coordinates)) {
      return new Leaf(field, scalar, enumType, list, null, null); // graphql-java's property fetcher
    }
    // A fetcher that only reads the parent (from:), which graphql-java lets run without an environment.
    if (code.getDataFetcher(coordinates, field) instanceof LightDataFetcher<?> light
        && light instanceof TrivialDataFetcher<?>) {
      return new Leaf(field, scalar, enumType, list, light, null);
    }
    return null;
  }

  /** Whether the field is one this completes itself when its value is plain. */
  boolean isPlain(GraphQLObjectType parent, String fieldName) {
    Map<String, Leaf> leaves = byType.get(parent);
    return leaves != null && leaves.containsKey(fieldName);
  }

  /**
   * @return the field's completed value, or null when it is not plain here: graphql-java's way then
   *         fetches and completes it (again, for a trivial fetcher: it only reads the parent)
   */
  FieldValueInfo complete(ExecutionContext context, ExecutionStrategyParameters parameters) {
    Map<String, Leaf> leaves = leavesOf(parameters);
    Leaf leaf = leaves == null ? null : leaves.get(parameters.getField().getName());
    Object value = leaf == null ? null : plainValue(context, leaf, parameters.getSource());
    if (value == null) {
      return null;
    }
    FieldValueInfo.CompleteValueType type = leaf.list() ? FieldValueInfo.CompleteValueType.LIST
        : leaf.enumType() != null ? FieldValueInfo.CompleteValueType.ENUM : FieldValueInfo.CompleteValueType.SCALAR;
    return new FieldValueInfo(type, value);
  }

  /**
   * An object whose selected fields are all plain leaves with plain values (an order's id, total and
   * status), completed as one map, in the order of the selection, as graphql-java would.
   *
   * @return null when any field is not plain, or when fragments may be deferred: graphql-java's way
   *         then completes the object
   */
  Map<String, Object> completeObject(ExecutionContext context, ExecutionStrategyParameters parameters) {
    Map<String, Leaf> leaves = leavesOf(parameters);
    if (leaves == null || incremental(context)) {
      return null;
    }
    MergedSelectionSet fields = parameters.getFields();
    List<String> keys = fields.getKeys();
    List<Object> values = new ArrayList<>(keys.size());
    for (String key : keys) {
      Leaf leaf = leaves.get(fields.getSubField(key).getName());
      Object value = leaf == null ? null : plainValue(context, leaf, parameters.getSource());
      if (value == null) {
        return null;
      }
      values.add(value);
    }
    return context.getResponseMapFactory().createInsertionOrdered(keys, values);
  }

  /**
   * A list of objects of one type whose selected fields are all plain leaves, every item a map with
   * plain values (a feed's rows): the selection is collected once for the list instead of once per
   * item, and each item completed as one map.
   *
   * @param collector the strategy's field collector, which graphql-java would run for each item
   * @return null when the list is not plain throughout, or when fragments may be deferred:
   *         graphql-java's way then completes it
   */
  List<Object> completeList(ExecutionContext context, ExecutionStrategyParameters parameters, Iterable<Object> values,
                            FieldCollector collector) {
    if (!(values instanceof List<?> items) || items.isEmpty() || !(items.get(0) instanceof Map) || incremental(context)
        || !(parameters.getExecutionStepInfo().getUnwrappedNonNullType() instanceof GraphQLList list)
        || !(GraphQLTypeUtil.unwrapNonNull(list.getWrappedType()) instanceof GraphQLObjectType itemType)) {
      return null;
    }
    Map<String, Leaf> leaves = byType.get(itemType);
    if (leaves == null) {
      return null;
    }
    MergedSelectionSet fields = collector.collectFields(FieldCollectorParameters.newParameters()
        .schema(context.getGraphQLSchema())
        .objectType(itemType)
        .fragments(context.getFragmentsByName())
        .variables(context.getCoercedVariables().toMap())
        .graphQLContext(context.getGraphQLContext())
        .build(), parameters.getField(), false);
    List<String> keys = fields.getKeys();
    List<Leaf> selected = new ArrayList<>(keys.size());
    for (String key : keys) {
      Leaf leaf = leaves.get(fields.getSubField(key).getName());
      if (leaf == null) {
        return null;
      }
      selected.add(leaf);
    }
    List<Object> completed = new ArrayList<>(items.size());
    for (Object item : items) {
      if (!(item instanceof Map)) {
        return null;
      }
      List<Object> row = new ArrayList<>(selected.size());
      for (Leaf leaf : selected) {
        Object value = plainValue(context, leaf, item);
        if (value == null) {
          return null;
        }
        row.add(value);
      }
      completed.add(context.getResponseMapFactory().createInsertionOrdered(keys, row));
    }
    return completed;
  }

  /** Whether this request may defer fragments: then graphql-java collects and completes objects itself. */
  private static boolean incremental(ExecutionContext context) {
    return Boolean.TRUE.equals(context.getGraphQLContext().get(ExperimentalApi.ENABLE_INCREMENTAL_SUPPORT));
  }

  private Map<String, Leaf> leavesOf(ExecutionStrategyParameters parameters) {
    return parameters.getExecutionStepInfo().getUnwrappedNonNullType() instanceof GraphQLObjectType parent
        ? byType.get(parent) : null;
  }

  /**
   * The value serialized, or null when it is not plain: absent, null, of another shape, or does not fit
   * (for a list: when it is not a list, or when any item is not plain).
   */
  private static Object plainValue(ExecutionContext context, Leaf leaf, Object source) {
    if (leaf.typename() != null) {
      return leaf.typename();
    }
    try {
      Object value = valueOf(leaf, source);
      if (!leaf.list()) {
        return serialized(context, leaf, value);
      }
      if (!(value instanceof List<?> items)) {
        return null;
      }
      List<Object> serialized = new ArrayList<>(items.size());
      for (Object item : items) {
        Object one = serialized(context, leaf, item);
        if (one == null) {
          return null; // a null item: whether it may be null is graphql-java's to say
        }
        serialized.add(one);
      }
      return serialized;
    } catch (Exception e) {
      return null; // graphql-java's way meets the same failure and reports it where it belongs
    }
  }

  private static Object serialized(ExecutionContext context, Leaf leaf, Object value) {
    if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
      return null;
    }
    return leaf.scalar() != null
        ? leaf.scalar().getCoercing().serialize(value, context.getGraphQLContext(), context.getLocale())
        : leaf.enumType().serialize(value, context.getGraphQLContext(), context.getLocale());
  }

  private static Object valueOf(Leaf leaf, Object source) throws Exception {
    if (leaf.fetcher() != null) {
      return leaf.fetcher().get(leaf.field(), source, () -> {
        throw new IllegalStateException("a trivial fetcher asked for its environment");
      });
    }
    return source instanceof Map<?, ?> map ? map.get(leaf.field().getName()) : null;
  }
}

package dev.sheaf.graphql;

import graphql.execution.AsyncExecutionStrategy;
import graphql.execution.AsyncSerialExecutionStrategy;
import graphql.execution.DataFetcherExceptionHandler;
import graphql.execution.ExecutionContext;
import graphql.execution.ExecutionStrategyParameters;
import graphql.execution.FieldValueInfo;
import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLScalarType;
import java.util.List;
import java.util.Map;

/**
 * graphql-java's query and mutation strategies, completing leaf values through {@link LeafValues}, and
 * plain ones in one step ({@link PlainLeaves}) when given them.
 */
final class CodedLeavesStrategies {

  private CodedLeavesStrategies() {
  }

  /** Queries: sibling fields start together. */
  static final class Concurrent extends AsyncExecutionStrategy {
    private final LeafValues leaves;
    private final PlainLeaves plain;

    /** @param plain the schema's plain leaves; null to give every field graphql-java's full treatment */
    Concurrent(DataFetcherExceptionHandler errors, LeafValues leaves, PlainLeaves plain) {
      super(errors);
      this.leaves = leaves;
      this.plain = plain;
    }

    @Override
    protected Object resolveFieldWithInfo(ExecutionContext context, ExecutionStrategyParameters parameters) {
      FieldValueInfo done = plain == null ? null : plain.complete(context, parameters);
      return done != null ? done : super.resolveFieldWithInfo(context, parameters);
    }

    @Override
    protected Object executeObject(ExecutionContext context, ExecutionStrategyParameters parameters) {
      Map<String, Object> done = plain == null ? null : plain.completeObject(context, parameters);
      return done != null ? done : super.executeObject(context, parameters);
    }

    @Override
    protected FieldValueInfo completeValueForList(ExecutionContext context, ExecutionStrategyParameters parameters,
                                                  Iterable<Object> values) {
      List<Object> done = plain == null ? null : plain.completeList(context, parameters, values, fieldCollector);
      return done != null ? new FieldValueInfo(FieldValueInfo.CompleteValueType.LIST, done)
          : super.completeValueForList(context, parameters, values);
    }

    @Override
    protected Object completeValueForScalar(ExecutionContext context, ExecutionStrategyParameters parameters,
                                            GraphQLScalarType type, Object result) {
      return leaves.completeScalar(context, parameters, type, result);
    }

    @Override
    protected Object completeValueForEnum(ExecutionContext context, ExecutionStrategyParameters parameters,
                                          GraphQLEnumType type, Object result) {
      return leaves.completeEnum(context, parameters, type, result);
    }
  }

  /**
   * Mutations: top-level fields one after the other. Their fields are bound, so none is a plain leaf,
   * and graphql-java completes the objects below them with the query strategy, plain ones included.
   */
  static final class Serial extends AsyncSerialExecutionStrategy {
    private final LeafValues leaves;

    Serial(DataFetcherExceptionHandler errors, LeafValues leaves) {
      super(errors);
      this.leaves = leaves;
    }

    @Override
    protected Object completeValueForScalar(ExecutionContext context, ExecutionStrategyParameters parameters,
                                            GraphQLScalarType type, Object result) {
      return leaves.completeScalar(context, parameters, type, result);
    }

    @Override
    protected Object completeValueForEnum(ExecutionContext context, ExecutionStrategyParameters parameters,
                                          GraphQLEnumType type, Object result) {
      return leaves.completeEnum(context, parameters, type, result);
    }
  }
}

package dev.sheaf.graphql;

import graphql.execution.AsyncExecutionStrategy;
import graphql.execution.AsyncSerialExecutionStrategy;
import graphql.execution.DataFetcherExceptionHandler;
import graphql.execution.ExecutionContext;
import graphql.execution.ExecutionStrategyParameters;
import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLScalarType;

/** graphql-java's query and mutation strategies, completing leaf values through {@link LeafValues}. */
final class CodedLeavesStrategies {

  private CodedLeavesStrategies() {
  }

  /** Queries: sibling fields start together. */
  static final class Concurrent extends AsyncExecutionStrategy {
    private final LeafValues leaves;

    Concurrent(DataFetcherExceptionHandler errors, LeafValues leaves) {
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

  /** Mutations: top-level fields one after the other. */
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

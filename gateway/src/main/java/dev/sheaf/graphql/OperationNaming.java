package dev.sheaf.graphql;

import dev.sheaf.resolver.RequestScope;
import graphql.ExecutionResult;
import graphql.execution.ExecutionContext;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import java.util.Locale;

/**
 * Tells the request's scope which operation graphql-java chose to run (its name and type), for the
 * metrics, the access log and the waterfall: only graphql-java knows it once the document is parsed
 * and the operation picked. It also codes the errors of requests that never ran (what it extends).
 */
class OperationNaming extends RequestErrorCodes {

  @Override
  public InstrumentationContext<ExecutionResult> beginExecuteOperation(InstrumentationExecuteOperationParameters parameters,
                                                                       InstrumentationState state) {
    ExecutionContext execution = parameters.getExecutionContext();
    RequestScope scope = execution.getGraphQLContext().get(RequestScope.class);
    if (scope != null) {
      scope.operation(execution.getOperationDefinition().getName(),
          execution.getOperationDefinition().getOperation().name().toLowerCase(Locale.ROOT));
    }
    return super.beginExecuteOperation(parameters, state);
  }
}

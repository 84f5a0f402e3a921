package dev.sheaf.graphql;

import graphql.ErrorType;
import graphql.ExecutionResult;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.InvalidSyntaxError;
import graphql.execution.UnknownOperationException;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import graphql.validation.ValidationError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Gives the errors of a request that never ran (syntax, validation, variables) the
 * {@code extensions.code} clients switch on, as Apollo names them; graphql-java's
 * {@code classification} stays beside it. Errors that carry a code already keep theirs.
 *
 * <p>The gateway's one instrumentation is this one, extended ({@link OperationNaming}, then
 * {@link OperationTracing}) rather than chained: graphql-java's chain calls each member on every field,
 * making a context list and a lambda per field and hook, a cost per field instead of per request.
 */
class RequestErrorCodes extends SimplePerformantInstrumentation {

  static final String PARSE_FAILED = "GRAPHQL_PARSE_FAILED";
  static final String VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED";
  static final String BAD_USER_INPUT = "BAD_USER_INPUT";

  @Override
  public CompletableFuture<ExecutionResult> instrumentExecutionResult(ExecutionResult result,
      InstrumentationExecutionParameters parameters, InstrumentationState state) {
    // Only a result without data can hold these errors; a field's errors are coded where they arise.
    if (result.isDataPresent() || result.getErrors().isEmpty()) {
      return CompletableFuture.completedFuture(result);
    }
    List<GraphQLError> coded = result.getErrors().stream().map(RequestErrorCodes::coded).toList();
    return CompletableFuture.completedFuture(result.transform(builder -> builder.errors(coded)));
  }

  private static GraphQLError coded(GraphQLError error) {
    Map<String, Object> extensions = error.getExtensions();
    String code = codeOf(error);
    if (code == null || (extensions != null && extensions.containsKey("code"))) {
      return error;
    }
    Map<String, Object> withCode = new LinkedHashMap<>();
    withCode.put("code", code);
    if (extensions != null) {
      withCode.putAll(extensions);
    }
    return GraphqlErrorBuilder.newError()
        .message(error.getMessage())
        .locations(error.getLocations())
        .errorType(error.getErrorType())
        .extensions(withCode)
        .build();
  }

  private static String codeOf(GraphQLError error) {
    if (error instanceof InvalidSyntaxError || error.getErrorType() == ErrorType.InvalidSyntax) {
      return PARSE_FAILED;
    }
    if (error instanceof ValidationError || error instanceof UnknownOperationException) {
      return VALIDATION_FAILED;
    }
    // What else stops a request before it runs is its variables: a value that does not fit its type.
    return error.getErrorType() == ErrorType.ValidationError ? BAD_USER_INPUT : null;
  }
}

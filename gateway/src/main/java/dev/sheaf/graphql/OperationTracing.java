package dev.sheaf.graphql;

import dev.sheaf.resolver.RequestScope;
import graphql.ExecutionResult;
import graphql.GraphQLContext;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimpleInstrumentationContext;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import graphql.execution.instrumentation.parameters.InstrumentationValidationParameters;
import graphql.language.Document;
import graphql.language.OperationDefinition;
import graphql.validation.ValidationError;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.List;

/**
 * The GraphQL part of a request's trace: a span for parsing and one for validating a document (made
 * only when the document cache misses, since a cached document is neither parsed nor validated
 * again), and the request's span named by its operation, e.g. {@code query HomeScreen}. It is the
 * {@link OperationNaming} of a traced gateway rather than one more instrumentation in the chain:
 * graphql-java's chain calls each of its members on every field, a cost per field instead of per request.
 */
final class OperationTracing extends OperationNaming {

  static final AttributeKey<String> OPERATION_NAME = AttributeKey.stringKey("graphql.operation.name");
  static final AttributeKey<String> OPERATION_TYPE = AttributeKey.stringKey("graphql.operation.type");

  private final Tracer tracer;

  OperationTracing(OpenTelemetry telemetry) {
    this.tracer = telemetry.getTracer("dev.sheaf");
  }

  @Override
  public InstrumentationContext<Document> beginParse(InstrumentationExecutionParameters parameters,
                                                     InstrumentationState state) {
    Span span = child("graphql.parse", parameters.getExecutionInput().getGraphQLContext());
    if (span == null) {
      return SimpleInstrumentationContext.noOp();
    }
    return SimpleInstrumentationContext.whenCompleted((document, failure) -> end(span, failure == null, "syntax error"));
  }

  @Override
  public InstrumentationContext<List<ValidationError>> beginValidation(InstrumentationValidationParameters parameters,
                                                                       InstrumentationState state) {
    Span span = child("graphql.validate", parameters.getExecutionInput().getGraphQLContext());
    if (span == null) {
      return SimpleInstrumentationContext.noOp();
    }
    return SimpleInstrumentationContext.whenCompleted((errors, failure) ->
        end(span, failure == null && (errors == null || errors.isEmpty()), "invalid document"));
  }

  @Override
  public InstrumentationContext<ExecutionResult> beginExecuteOperation(InstrumentationExecuteOperationParameters parameters,
                                                                      InstrumentationState state) {
    super.beginExecuteOperation(parameters, state);
    Span request = Span.fromContext(traceOf(parameters.getExecutionContext().getGraphQLContext()));
    OperationDefinition operation = parameters.getExecutionContext().getOperationDefinition();
    if (request.isRecording() && operation != null) {
      String type = typeName(operation.getOperation());
      request.setAttribute(OPERATION_TYPE, type);
      if (operation.getName() != null) {
        request.setAttribute(OPERATION_NAME, operation.getName());
        request.updateName(type + " " + operation.getName());
      } else {
        request.updateName(type);
      }
    }
    return SimpleInstrumentationContext.noOp();
  }

  // Constants, not a lower-cased enum name per request.
  private static String typeName(OperationDefinition.Operation operation) {
    return switch (operation) {
      case QUERY -> "query";
      case MUTATION -> "mutation";
      case SUBSCRIPTION -> "subscription";
    };
  }

  /** A child of the request's span; null for a request that is not traced (it gets no stray root spans). */
  private Span child(String name, GraphQLContext graphql) {
    Context parent = traceOf(graphql);
    if (!Span.fromContext(parent).getSpanContext().isValid()) {
      return null;
    }
    return tracer.spanBuilder(name).setParent(parent).startSpan();
  }

  private static Context traceOf(GraphQLContext graphql) {
    RequestScope scope = graphql.get(RequestScope.class);
    return scope == null || scope.trace() == null ? Context.root() : scope.trace();
  }

  private static void end(Span span, boolean ok, String problem) {
    if (!ok) {
      span.setStatus(StatusCode.ERROR, problem);
    }
    span.end();
  }
}

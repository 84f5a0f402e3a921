package dev.sheaf.graphql;

import dev.sheaf.backend.ErrorCode;
import dev.sheaf.resolver.CodedError;
import graphql.Scalars;
import graphql.execution.ExecutionContext;
import graphql.execution.ExecutionStepInfo;
import graphql.execution.ExecutionStrategyParameters;
import graphql.execution.NonNullableFieldWasNullException;
import graphql.language.SourceLocation;
import graphql.schema.CoercingSerializeException;
import graphql.schema.FieldCoordinates;
import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLScalarType;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Completes scalar and enum values. A value that does not fit its type (a backend sending
 * {@code "12.5"} for a {@code Float!}) is the backend's fault: the field is null with a
 * {@code BAD_BACKEND_RESPONSE} error naming the backend the value came from, and a message in JSON's
 * terms (graphql-java's own names Java classes and has no code).
 */
final class LeafValues {

  private static final Logger LOG = LoggerFactory.getLogger(LeafValues.class);

  private final Function<FieldCoordinates, String> backendOf;

  /** @param backendOf the backend a bound field's value comes from; null for fields bound to none */
  LeafValues(Function<FieldCoordinates, String> backendOf) {
    this.backendOf = backendOf;
  }

  Object completeScalar(ExecutionContext context, ExecutionStrategyParameters parameters, GraphQLScalarType type,
                        Object result) {
    Object serialized;
    try {
      if (isStructure(result) && Scalars.GraphQLString.getName().equals(type.getName())) {
        // graphql-java would write Java's text of the map or list
        throw new CoercingSerializeException("an object or a list is not a String");
      }
      serialized = type.getCoercing().serialize(result, context.getGraphQLContext(), context.getLocale());
    } catch (CoercingSerializeException e) {
      serialized = refuse(context, parameters, type.getName(), result);
    }
    return checkNonNull(parameters, serialized);
  }

  private static boolean isStructure(Object value) {
    return value instanceof Map || value instanceof Collection;
  }

  Object completeEnum(ExecutionContext context, ExecutionStrategyParameters parameters, GraphQLEnumType type,
                      Object result) {
    Object serialized;
    try {
      serialized = type.serialize(result, context.getGraphQLContext(), context.getLocale());
    } catch (CoercingSerializeException e) {
      serialized = refuse(context, parameters, type.getName(), result);
    }
    return checkNonNull(parameters, serialized);
  }

  /** As graphql-java does: a null in a non-null position fails the field, so the null bubbles up. */
  private static Object checkNonNull(ExecutionStrategyParameters parameters, Object serialized) {
    try {
      return parameters.getNonNullFieldValidator().validate(parameters, serialized);
    } catch (NonNullableFieldWasNullException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private Object refuse(ExecutionContext context, ExecutionStrategyParameters parameters, String typeName,
                        Object value) {
    ExecutionStepInfo step = parameters.getExecutionStepInfo();
    String field = step.getFieldDefinition().getName();
    String backend = backendOf(step);
    Map<String, Object> extensions = new LinkedHashMap<>();
    String what = StrictScalars.jsonType(value) + " where " + field + " needs a " + typeName;
    String message;
    if (backend != null) {
      extensions.put("code", ErrorCode.BAD_BACKEND_RESPONSE.name());
      extensions.put("backend", backend);
      message = "Backend '" + backend + "' sent " + what;
      LOG.warn("{} at {}: backend {} sent {}", ErrorCode.BAD_BACKEND_RESPONSE, step.getPath(), backend, what);
    } else {
      extensions.put("code", ErrorCode.INTERNAL_ERROR.name());
      message = "Internal error while resolving this field";
      LOG.error("a resolver's value at {} does not fit: {}", step.getPath(), what);
    }
    SourceLocation location = parameters.getField().getSingleField().getSourceLocation();
    context.addError(new CodedError(message, location, step.getPath(), extensions));
    return null;
  }

  /** The backend of the nearest bound field at or above this value: the one whose answer held it. */
  private String backendOf(ExecutionStepInfo step) {
    for (ExecutionStepInfo at = step; at != null && at.getFieldDefinition() != null; at = at.getParent()) {
      if (at.getObjectType() == null) {
        continue; // a list item's step: the field is its parent's
      }
      String backend = backendOf.apply(FieldCoordinates.coordinates(at.getObjectType(), at.getFieldDefinition()));
      if (backend != null) {
        return backend;
      }
    }
    return null;
  }
}

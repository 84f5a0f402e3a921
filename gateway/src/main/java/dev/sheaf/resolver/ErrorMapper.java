package dev.sheaf.resolver;

import dev.sheaf.authz.AccessDeniedException;
import dev.sheaf.backend.BackendException;
import dev.sheaf.backend.ErrorCode;
import graphql.GraphQLError;
import graphql.execution.DataFetcherExceptionHandler;
import graphql.execution.DataFetcherExceptionHandlerParameters;
import graphql.execution.DataFetcherExceptionHandlerResult;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a failed field into a coded GraphQL error at the field's path. Backend failures keep their
 * code and backend name; anything else is logged and reported as INTERNAL_ERROR, so no stack
 * trace, host or backend body ever reaches a client.
 */
public final class ErrorMapper implements DataFetcherExceptionHandler {

  private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

  @Override
  public CompletableFuture<DataFetcherExceptionHandlerResult> handleException(DataFetcherExceptionHandlerParameters params) {
    Throwable cause = unwrap(params.getException());
    Map<String, Object> extensions = new LinkedHashMap<>();
    String message;
    if (cause instanceof BackendException be) {
      logBackendFailure(params, be);
      extensions.put("code", be.code().name());
      extensions.put("backend", be.backend());
      if (be.status() > 0) {
        extensions.put("status", be.status());
      }
      if (be.grpcStatus() != null) {
        extensions.put("grpcStatus", be.grpcStatus());
      }
      if (be.circuit() != null) {
        extensions.put("circuit", be.circuit());
      }
      if (be.reason() != null) {
        extensions.put("reason", be.reason());
      }
      message = be.getMessage();
    } else if (cause instanceof AccessDeniedException denied) {
      extensions.put("code", denied.code());
      message = denied.getMessage();
    } else {
      LOG.error("field {} failed (request {})", params.getPath(), requestId(params), cause);
      extensions.put("code", ErrorCode.INTERNAL_ERROR.name());
      message = "Internal error while resolving this field";
    }
    GraphQLError built = new CodedError(message, params.getSourceLocation(), params.getPath(), extensions);
    return CompletableFuture.completedFuture(DataFetcherExceptionHandlerResult.newResult(built).build());
  }

  private static void logBackendFailure(DataFetcherExceptionHandlerParameters params, BackendException be) {
    if (be.code() == ErrorCode.BAD_BACKEND_RESPONSE) {
      LOG.warn("{} at {} (request {}): backend {}: {}", be.code(), params.getPath(), requestId(params), be.backend(),
          be.detail());
    } else if (LOG.isDebugEnabled()) {
      LOG.debug("{} at {} (request {}): backend {}: {}", be.code(), params.getPath(), requestId(params), be.backend(),
          be.detail());
    }
  }

  private static String requestId(DataFetcherExceptionHandlerParameters params) {
    RequestScope scope = params.getDataFetchingEnvironment().getGraphQlContext().get(RequestScope.class);
    return scope == null ? "-" : scope.requestId();
  }

  private static Throwable unwrap(Throwable t) {
    Throwable cause = t;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}

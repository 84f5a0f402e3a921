package dev.sheaf.logging;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;

/**
 * The request a log line belongs to: its id, trace id and span id, kept in the local data of the
 * request's own Vert.x context. Vert.x runs each request, and every callback of the calls it makes,
 * on a duplicate of its event loop's context, so requests that interleave on one event loop never
 * see each other's ids, and nothing needs to be set and cleared around each callback (as a
 * thread-bound MDC would).
 */
public final class LogContext {

  private static final String KEY = "sheaf.log";

  /** @param traceId null when the request is not traced */
  public record Fields(String requestId, String traceId, String spanId) {
  }

  private LogContext() {
  }

  /** Ties the current request's log lines to its id. */
  public static void requestId(String requestId) {
    ContextInternal context = requestContext();
    if (context != null) {
      Fields fields = context.getLocal(KEY);
      context.putLocal(KEY, new Fields(requestId, fields == null ? null : fields.traceId(),
          fields == null ? null : fields.spanId()));
    }
  }

  /** Ties the current request's log lines to its span. */
  public static void trace(String traceId, String spanId) {
    ContextInternal context = requestContext();
    if (context != null) {
      Fields fields = context.getLocal(KEY);
      context.putLocal(KEY, new Fields(fields == null ? null : fields.requestId(), traceId, spanId));
    }
  }

  /** The fields of the request being served on this thread now, or null outside a request. */
  public static Fields current() {
    ContextInternal context = requestContext();
    return context == null ? null : context.getLocal(KEY);
  }

  // Only a request's duplicate context: the event loop's own context is shared by all its requests.
  private static ContextInternal requestContext() {
    Context context = Vertx.currentContext();
    return context instanceof ContextInternal internal && internal.isDuplicate() ? internal : null;
  }
}

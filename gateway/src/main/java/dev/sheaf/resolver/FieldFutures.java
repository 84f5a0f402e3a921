package dev.sheaf.resolver;

import io.vertx.core.Future;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A field's Vert.x future as the {@link CompletableFuture} graphql-java waits on, failed with a
 * {@link CompletionException} that has no stack trace of its own.
 *
 * <p>Why: a stage that follows a plainly failed future wraps the failure in a new CompletionException,
 * which walks the thread's (deep, asynchronous) stack to fill in a trace nobody reads and formats the
 * cause's message into its own. When a backend fails, that happened for every field of every request:
 * thousands a second just when the gateway needs its CPU. A failure that is already a CompletionException
 * passes through the stages as it is. The cause keeps what users see: {@link ErrorMapper} unwraps it.
 */
final class FieldFutures {

  private FieldFutures() {
  }

  static <T> CompletableFuture<T> of(Future<T> future) {
    CompletableFuture<T> result = new CompletableFuture<>();
    future.onComplete(result::complete, failure -> result.completeExceptionally(wrapped(failure)));
    return result;
  }

  static <T> CompletableFuture<T> failed(Throwable failure) {
    return CompletableFuture.failedFuture(wrapped(failure));
  }

  static CompletionException wrapped(Throwable failure) {
    return failure instanceof CompletionException already ? already : new FieldFailure(failure);
  }

  /** A carrier of the real failure; it has no trace (the cause may have one) and no message of its own. */
  private static final class FieldFailure extends CompletionException {
    FieldFailure(Throwable cause) {
      super(null, cause);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  }
}

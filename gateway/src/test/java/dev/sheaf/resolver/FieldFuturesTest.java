package dev.sheaf.resolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.sheaf.backend.BackendException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** A field's future as graphql-java sees it: the value, or the real failure in one traceless wrapper. */
class FieldFuturesTest {

  @Test
  void aValueArrivesAsItIs() {
    Promise<Object> answer = Promise.promise();
    CompletableFuture<Object> field = FieldFutures.of(answer.future());
    assertThat(field).isNotDone();
    answer.complete("ok");
    assertThat(field.join()).isEqualTo("ok");
  }

  @Test
  void aFailureIsWrappedOnceWithoutATraceAndPassesThroughLaterStagesUnchanged() {
    BackendException timeout = BackendException.timeout("orders", 200);
    CompletableFuture<Object> field = FieldFutures.of(Future.failedFuture(timeout));
    CompletableFuture<Object> shaped = field.thenApply(v -> v).thenCompose(CompletableFuture::completedFuture);

    Throwable seen = catchThrowable(shaped::join);
    assertThat(seen).isInstanceOf(CompletionException.class).hasCause(timeout);
    assertThat(seen.getStackTrace()).as("no trace of its own").isEmpty();
    assertThat(catchThrowable(field::join)).as("the same wrapper at every stage").isSameAs(seen);
    assertThat(FieldFutures.wrapped(seen)).as("never wrapped twice").isSameAs(seen);
  }

  @Test
  void aFailedFieldFailsTheSameWay() {
    IllegalStateException refused = new IllegalStateException("refused");
    Throwable seen = catchThrowable(FieldFutures.failed(refused)::join);
    assertThat(seen).isInstanceOf(CompletionException.class).hasCause(refused);
    assertThat(seen.getStackTrace()).isEmpty();
  }
}

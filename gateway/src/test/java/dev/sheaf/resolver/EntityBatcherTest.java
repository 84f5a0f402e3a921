package dev.sheaf.resolver;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import dev.sheaf.pipeline.Served;
import org.junit.jupiter.api.Test;

class EntityBatcherTest {

  private final List<List<String>> batches = new ArrayList<>();
  private final List<Served> served = new ArrayList<>();
  private final List<Promise<Map<String, Object>>> answers = new ArrayList<>();
  private final List<Integer> levels = new ArrayList<>();
  private final EntityBatcher batcher = new EntityBatcher(2, (keys, level, fields) -> {
    batches.add(List.copyOf(keys));
    levels.add(level);
    served.add(fields);
    Promise<Map<String, Object>> answer = Promise.promise();
    answers.add(answer);
    return answer.future();
  });

  @Test
  void keysQueuedUntilDispatchGoOutInChunksOfTheMaximumBatchSize() {
    CompletableFuture<Object> a = batcher.load("a", 1, "/p[0]");
    batcher.load("b", 1, "/p[1]");
    CompletableFuture<Object> c = batcher.load("c", 1, "/p[2]");
    assertThat(batches).isEmpty();

    batcher.dispatch(Integer.MAX_VALUE);
    answers.get(0).complete(Map.of("a", "A", "b", "B"));
    answers.get(1).complete(Map.of()); // the backend did not return c

    assertThat(batches).containsExactly(List.of("a", "b"), List.of("c"));
    // Each batch call names its size and the fields its keys are for, for the request's waterfall.
    assertThat(served).containsExactly(Served.batch(List.of("/p[0]", "/p[1]"), 2), Served.batch(List.of("/p[2]"), 1));
    assertThat(a).isCompletedWithValue("A");
    assertThat(c).isCompletedWithValue(null);
  }

  @Test
  void aKeyIsLoadedOncePerRequestAndItsFailureIsShared() {
    CompletableFuture<Object> first = batcher.load("a", 1, null);
    batcher.dispatch(Integer.MAX_VALUE);
    CompletableFuture<Object> again = batcher.load("a", 1, null);
    batcher.dispatch(Integer.MAX_VALUE);
    answers.get(0).fail(new IllegalStateException("down"));

    assertThat(batches).containsExactly(List.of("a"));
    assertThat(again).isSameAs(first);
    assertThat(first).isCompletedExceptionally();
  }

  @Test
  void keysOfALevelWaitUntilTheirLevelIsComplete() {
    batcher.load("deep", 3, null);
    batcher.load("root", 1, null);
    batcher.load("child", 2, null);
    batcher.load("deep", 2, null); // asked again from a shallower level: it goes with that level

    batcher.dispatch(1);
    batcher.dispatch(1);
    assertThat(batcher.hasQueued()).isTrue();
    batcher.dispatch(2);

    assertThat(batches).containsExactly(List.of("root"), List.of("deep", "child"));
    assertThat(levels).containsExactly(1, 2);
    assertThat(batcher.hasQueued()).isFalse();
  }

  @Test
  void dispatchWithNothingQueuedCallsNothing() {
    batcher.dispatch(Integer.MAX_VALUE);
    assertThat(batches).isEmpty();
  }
}

package dev.sheaf.warmup;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sheaf.backend.BackendException;
import dev.sheaf.pipeline.BackendCall;
import dev.sheaf.pipeline.BackendHandler;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.IOException;

/**
 * The bottom of a warm-up backend's pipeline: answers every call in the process, from
 * {@link RehearsalAnswers}, on a later turn of the event loop as a real answer arrives. Never opens a
 * connection.
 */
final class RehearsalTransport implements BackendHandler {

  private final RehearsalAnswers answers;
  private final ObjectMapper json;
  private final String backend;

  RehearsalTransport(RehearsalAnswers answers, ObjectMapper json, String backend) {
    this.answers = answers;
    this.json = json;
    this.backend = backend;
  }

  @Override
  public Future<Object> handle(BackendCall call) {
    Object answer;
    try {
      // Parsed afresh each time: the pipeline and the fetchers may keep or change what they get.
      answer = json.readValue(answers.forRoute(call.route()), Object.class);
    } catch (IOException e) {
      return Future.failedFuture(BackendException.badResponse(backend, e.getMessage()));
    }
    Context context = Vertx.currentContext();
    if (context == null) {
      return Future.succeededFuture(answer);
    }
    Promise<Object> later = Promise.promise();
    context.runOnContext(v -> later.complete(answer));
    return later.future();
  }
}

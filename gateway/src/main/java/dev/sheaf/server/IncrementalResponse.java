package dev.sheaf.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.incremental.DelayedIncrementalPartialResult;
import graphql.incremental.IncrementalExecutionResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.util.Map;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a result with deferred parts as {@code multipart/mixed} in the 2022-08-24 incremental
 * format that Apollo's clients read (the boundary is Apollo Router's): the initial part at once,
 * then each deferred part as soon as graphql-java completes it, every part flushed on its own. One
 * part is asked for at a time, after the previous one was handed to the connection, so a slow
 * client holds back the parts rather than filling memory.
 */
final class IncrementalResponse implements Subscriber<DelayedIncrementalPartialResult> {

  static final String CONTENT_TYPE = MediaTypes.MULTIPART + "; boundary=\"graphql\"; deferSpec=" + MediaTypes.DEFER_SPEC;

  private static final Logger LOG = LoggerFactory.getLogger(IncrementalResponse.class);
  /*
   * Each part is followed by the boundary at once, so that a client knows the part is whole without
   * waiting for the next one; the last boundary is then closed with "--".
   */
  private static final String START = "\r\n--graphql";
  private static final String PART_HEADERS = "\r\ncontent-type: application/json; charset=utf-8\r\n\r\n";
  private static final String PART_END = "\r\n--graphql";
  private static final String END = "--\r\n";

  private final HttpServerResponse response;
  private final ObjectMapper json;
  /** The request's context: graphql-java may complete a part on another thread; writes happen here, in order. */
  private final Context context;
  private Subscription subscription;

  private IncrementalResponse(HttpServerResponse response, ObjectMapper json, Context context) {
    this.response = response;
    this.json = json;
    this.context = context;
  }

  /** Writes the initial part, then the deferred parts as they come. Call on the request's context. */
  static void write(HttpServerResponse response, ObjectMapper json, Context context, IncrementalExecutionResult result) {
    if (response.ended() || response.closed()) {
      return;
    }
    response.setStatusCode(200).setChunked(true).putHeader("content-type", CONTENT_TYPE);
    IncrementalResponse writer = new IncrementalResponse(response, json, context);
    response.write(START);
    writer.writePart(result.toSpecification());
    result.getIncrementalItemPublisher().subscribe(writer);
  }

  @Override
  public void onSubscribe(Subscription s) {
    subscription = s;
    s.request(1);
  }

  @Override
  public void onNext(DelayedIncrementalPartialResult part) {
    context.runOnContext(ignored -> {
      if (response.closed()) {
        // The client left: its backend calls were cancelled with its deadline; nothing more to write.
        subscription.cancel();
        return;
      }
      writePart(part.toSpecification()).onComplete(written -> {
        if (written.succeeded()) {
          subscription.request(1);
        } else {
          subscription.cancel();
        }
      });
    });
  }

  @Override
  public void onError(Throwable failure) {
    context.runOnContext(ignored -> {
      LOG.error("a deferred part failed", failure);
      // No final part can be written truthfully: break the connection so the client knows the answer is incomplete.
      response.reset();
    });
  }

  @Override
  public void onComplete() {
    context.runOnContext(ignored -> {
      if (!response.closed() && !response.ended()) {
        response.end(END);
      }
    });
  }

  private Future<Void> writePart(Map<String, Object> body) {
    Buffer part = Buffer.buffer(PART_HEADERS);
    try {
      part.appendBytes(json.writeValueAsBytes(body)).appendString(PART_END);
    } catch (JsonProcessingException e) {
      LOG.error("cannot serialize a response part", e);
      response.reset();
      return Future.failedFuture(e);
    }
    return response.write(part);
  }
}

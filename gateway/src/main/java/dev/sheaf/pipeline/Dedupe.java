package dev.sheaf.pipeline;

import io.vertx.core.Future;

/**
 * Identical reads within one client request are made once and share one answer: a list of ten
 * orders of one user asks for that user once. Writes always go through.
 */
public final class Dedupe implements Layer {

  private final Runnable saved;

  /** @param saved counts a call this layer saved (a read answered by one already made) */
  public Dedupe(Runnable saved) {
    this.saved = saved;
  }

  @Override
  public BackendHandler wrap(BackendHandler next) {
    return call -> {
      Object key = call.request().sharingKey();
      if (key == null) {
        return next.handle(call);
      }
      RequestCalls client = call.client();
      Future<Object> made = client.made().get(key);
      if (made != null) {
        saved.run();
        if (client.records() != null) {
          client.records().shared(made, call.served());
        }
        return made;
      }
      Future<Object> answer = next.handle(call);
      client.made().put(key, answer);
      return answer;
    };
  }
}

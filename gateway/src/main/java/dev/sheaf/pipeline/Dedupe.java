package dev.sheaf.pipeline;

/**
 * Identical reads within one client request are made once and share one answer: a list of ten
 * orders of one user asks for that user once. Writes always go through.
 */
public final class Dedupe implements Layer {

  @Override
  public BackendHandler wrap(BackendHandler next) {
    return call -> {
      Object key = call.request().sharingKey();
      if (key == null) {
        return next.handle(call);
      }
      return call.client().made().computeIfAbsent(key, k -> next.handle(call));
    };
  }
}

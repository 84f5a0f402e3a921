package dev.sheaf.pipeline;

import io.vertx.core.Future;

/**
 * Keeps a record of each call that goes out (below {@link Dedupe}, so a shared read is one call) in
 * its client request's {@link CallRecords}: start, end, outcome, fields served. A request nobody
 * records passes straight through.
 */
public final class Recording implements Layer {

  @Override
  public BackendHandler wrap(BackendHandler next) {
    return call -> {
      CallRecords records = call.client().records();
      CallRecord record = records == null ? null : records.start(call);
      Future<Object> answer = next.handle(call);
      if (record != null) {
        record.answeredBy(answer);
      }
      return answer;
    };
  }
}

package dev.sheaf.mock;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The most recent requests of a service, bounded so a long perf run cannot exhaust memory.
 *
 * @param <R> how a request is recorded: {@link RecordedRequest} for REST, a gRPC call record for gRPC
 */
final class RequestLog<R> {

  static final int CAPACITY = 1000;

  // Guarded by itself: written on the event loop, read by test threads.
  private final Deque<R> requests = new ArrayDeque<>(CAPACITY);

  void add(R request) {
    synchronized (requests) {
      if (requests.size() == CAPACITY) {
        requests.removeFirst();
      }
      requests.addLast(request);
    }
  }

  /** Oldest first. */
  List<R> snapshot() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  void clear() {
    synchronized (requests) {
      requests.clear();
    }
  }
}

package dev.sheaf.insight;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The last N client requests, a ring buffer shared by every event loop: adding one overwrites the
 * oldest, so its memory is bounded by N requests of at most {@code CallRecords.MAX_CALLS} calls each.
 * Lock-free, as event loops add to it; readers (the admin routes) see each slot's latest request.
 */
public final class RecentRequests {

  private final AtomicReferenceArray<FinishedRequest> slots;
  private final AtomicLong added = new AtomicLong();

  public RecentRequests(int size) {
    this.slots = new AtomicReferenceArray<>(size);
  }

  void add(FinishedRequest request) {
    long index = added.getAndIncrement();
    slots.set((int) (index % slots.length()), request);
  }

  /** The requests kept, the newest first. */
  public List<FinishedRequest> newestFirst() {
    long end = added.get();
    List<FinishedRequest> list = new ArrayList<>(slots.length());
    for (long i = end - 1; i >= 0 && i >= end - slots.length(); i--) {
      FinishedRequest request = slots.get((int) (i % slots.length()));
      if (request != null) {
        list.add(request);
      }
    }
    return list;
  }

  /** The newest kept request with this id, or null (ids come from clients too, so they may repeat). */
  public FinishedRequest find(String requestId) {
    for (FinishedRequest request : newestFirst()) {
      if (request.requestId().equals(requestId)) {
        return request;
      }
    }
    return null;
  }
}

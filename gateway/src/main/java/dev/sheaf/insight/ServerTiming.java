package dev.sheaf.insight;

import dev.sheaf.pipeline.CallRecord;
import java.util.List;

/**
 * The {@code Server-Timing} header (W3C Server Timing): the request's time in the gateway so far and
 * its slowest backend call, by the backend's configured name (never a host). Browsers' developer
 * tools show it next to the request.
 */
final class ServerTiming {

  static final String HEADER = "Server-Timing";

  private ServerTiming() {
  }

  /**
   * @param now   {@link System#nanoTime()} now; calls still in flight count until now
   * @param calls the request's calls, or null for a request that makes none (a probe)
   */
  static String of(long startNanos, long now, List<CallRecord> calls) {
    StringBuilder header = new StringBuilder(64).append("total;dur=").append(Plan.millis(now - startNanos));
    CallRecord slowest = null;
    long slowestNanos = -1;
    if (calls != null) {
      for (CallRecord call : calls) {
        long took = (call.endNanos() == 0 ? now : call.endNanos()) - call.startNanos();
        if (took > slowestNanos) {
          slowest = call;
          slowestNanos = took;
        }
      }
    }
    if (slowest != null) {
      header.append(", backend;desc=\"").append(quotable(slowest.backend())).append("\";dur=")
          .append(Plan.millis(slowestNanos));
    }
    return header.toString();
  }

  /** Backend names are the configuration's keys; a quote or a control character would break the header. */
  private static String quotable(String name) {
    char[] safe = null; // made only for a name that needs it: names are plain words, and this runs per request
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x20 || c == '"' || c == '\\' || c > 0x7e) {
        if (safe == null) {
          safe = name.toCharArray();
        }
        safe[i] = '_';
      }
    }
    return safe == null ? name : new String(safe);
  }
}

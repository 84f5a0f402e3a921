package dev.sheaf.insight;

import java.util.List;

/**
 * One client request as the admin port's {@code /requests} keeps it: immutable, holding no
 * reference to the request's data, headers or body.
 *
 * @param startedAtMillis when it arrived, epoch milliseconds
 * @param operationName   null when it had none or never ran
 * @param droppedCalls    calls made past the most one request keeps
 */
public record FinishedRequest(String requestId, String traceId, long startedAtMillis, String method, String transport,
                              String route, String operationName, String operationType, int status,
                              long durationNanos, Outcome outcome, List<RecordedCall> calls, int droppedCalls) {
}

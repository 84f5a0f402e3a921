package dev.sheaf.server;

import dev.sheaf.backend.Deadline;
import dev.sheaf.config.ConfigException;
import dev.sheaf.config.Durations;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;

/**
 * Each request's one deadline: {@code deadline.default}, or the shorter one the client asks for in
 * {@value #TIMEOUT_HEADER}, never longer than {@code deadline.max}. Made on first use and kept on
 * the routing context, so time spent before execution (waiting for an issuer's keys) counts
 * against the same budget as the backend calls.
 */
final class RequestDeadlines {

  /** A client may ask for a shorter deadline than the default (never a longer one than the cap). */
  static final String TIMEOUT_HEADER = "sheaf-timeout";

  private static final String KEY = "sheaf.deadline";

  private final Duration defaultDeadline;
  private final Duration maxDeadline;

  RequestDeadlines(Duration defaultDeadline, Duration maxDeadline) {
    this.defaultDeadline = defaultDeadline;
    this.maxDeadline = maxDeadline;
  }

  /** @throws RequestProblem (400) when the request's own deadline header is malformed */
  Deadline of(RoutingContext ctx) {
    Deadline deadline = ctx.get(KEY);
    if (deadline == null) {
      deadline = Deadline.after(requested(ctx.request().getHeader(TIMEOUT_HEADER)));
      ctx.put(KEY, deadline);
    }
    return deadline;
  }

  /**
   * What is left of the request's deadline; for a malformed header, the default deadline, as the
   * request is refused with 400 when it executes.
   */
  long remainingMillis(RoutingContext ctx) {
    try {
      return of(ctx).remainingMillis();
    } catch (RequestProblem malformed) {
      return defaultDeadline.toMillis();
    }
  }

  private Duration requested(String header) {
    if (header == null) {
      return defaultDeadline;
    }
    Duration asked;
    try {
      asked = Durations.parse(header, TIMEOUT_HEADER);
    } catch (ConfigException e) {
      throw new RequestProblem(400, "The Sheaf-Timeout header must be a duration such as 800ms or 2s");
    }
    return asked.compareTo(maxDeadline) > 0 ? maxDeadline : asked;
  }
}

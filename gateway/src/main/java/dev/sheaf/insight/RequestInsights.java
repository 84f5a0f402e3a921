package dev.sheaf.insight;

import dev.sheaf.config.InsightConfig;
import dev.sheaf.logging.LogContext;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request-level stack's record keeper: gives each client request a {@link RequestRecord} its
 * backend calls are recorded in, answers every response with {@code Server-Timing}, and when the
 * request ends keeps it in the recent requests and writes its access log line.
 */
public final class RequestInsights implements Handler<RoutingContext> {

  // W3C trace context: version-traceid-parentid-flags, lower-case hex; an all-zero id is invalid.
  private static final Pattern TRACEPARENT = Pattern.compile("[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}.*");
  private static final String NO_TRACE = "00000000000000000000000000000000";

  private final InsightConfig config;
  private final RecentRequests recent;
  private final Function<RoutingContext, String> requestId;
  private final RequestRecord.DebugAccess debug;
  private final Logger accessLog;

  /**
   * @param recent    where finished requests are kept, the same for every configuration
   * @param requestId reads the id the request was given
   */
  public RequestInsights(InsightConfig config, RecentRequests recent, Function<RoutingContext, String> requestId) {
    this(config, recent, requestId, LoggerFactory.getLogger(AccessLog.LOGGER));
  }

  /** @param accessLog where access lines go instead of {@code sheaf.access}: the warm-up's, which nobody reads */
  public RequestInsights(InsightConfig config, RecentRequests recent, Function<RoutingContext, String> requestId,
                         Logger accessLog) {
    this.accessLog = accessLog;
    this.config = config;
    this.recent = recent;
    this.requestId = requestId;
    this.debug = new RequestRecord.DebugAccess(config.debugEnabled(), config.debugScope());
  }

  @Override
  public void handle(RoutingContext ctx) {
    long start = System.nanoTime();
    HttpServerRequest request = ctx.request();
    String path = request.path();
    if (path == null || isProbe(path)) {
      ctx.addHeadersEndHandler(v -> ctx.response().putHeader(ServerTiming.HEADER,
          ServerTiming.of(start, System.nanoTime(), null)));
      ctx.next();
      return;
    }
    boolean graphql = path.equals("/graphql");
    RequestRecord record = new RequestRecord(start, requestId.apply(ctx), traceId(request),
        request.method().name(), graphql ? "graphql" : "rest", path,
        RequestRecord.PLAN.equalsIgnoreCase(request.getHeader(RequestRecord.DEBUG_HEADER)), debug);
    ctx.put(RequestRecord.KEY, record);
    ctx.addHeadersEndHandler(v -> ctx.response().putHeader(ServerTiming.HEADER,
        ServerTiming.of(start, System.nanoTime(), record.calls().calls())));
    ctx.addEndHandler(ended -> finish(record, ctx.response().getStatusCode(), ended.succeeded()));
    ctx.next();
  }

  private void finish(RequestRecord record, int status, boolean written) {
    FinishedRequest finished = record.finish(status, written, System.nanoTime());
    if (config.accessLog()) {
      AccessLog.write(accessLog, finished);
    }
    // Kept after its line is written: once GET /requests shows a request, its access line is out.
    recent.add(finished);
  }

  private static boolean isProbe(String path) {
    return path.equals("/health") || path.equals("/ready") || path.equals("/openapi.json");
  }

  /**
   * The trace the gateway records this request in when tracing is on (RequestTracing ran before),
   * which is also the one its backends get; else the client's own.
   */
  private static String traceId(HttpServerRequest request) {
    LogContext.Fields traced = LogContext.current();
    return traced != null && traced.traceId() != null ? traced.traceId() : traceId(request.getHeader("traceparent"));
  }

  /** The trace id of a valid W3C {@code traceparent}, else null. */
  static String traceId(String traceparent) {
    if (traceparent == null) {
      return null;
    }
    Matcher m = TRACEPARENT.matcher(traceparent);
    return m.matches() && !m.group(1).equals(NO_TRACE) ? m.group(1) : null;
  }
}

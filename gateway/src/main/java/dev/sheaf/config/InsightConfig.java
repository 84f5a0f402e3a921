package dev.sheaf.config;

/**
 * How much the gateway tells about the requests it serves.
 *
 * @param metrics           client request and backend call metrics (JVM and process metrics are always there)
 * @param accessLog         one log line per client request (logger {@code sheaf.access})
 * @param debugEnabled      any caller may ask for a request's plan ({@code Sheaf-Debug: plan}); for
 *                          development and the demo, never for production
 * @param debugScope        a token scope that allows its caller to ask for the plan when
 *                          {@code debugEnabled} is off
 * @param recentRequests    how many of the latest requests the admin port's {@code /requests} keeps;
 *                          taken at start only, as the list outlives reloads
 * @param maxOperationNames how many distinct operation names the client request metrics label
 *                          by; later names share the label {@code other}
 */
public record InsightConfig(boolean metrics, boolean accessLog, boolean debugEnabled, String debugScope,
                            int recentRequests, int maxOperationNames) {

  public static final String DEFAULT_DEBUG_SCOPE = "sheaf:debug";

  public static InsightConfig defaults() {
    return new InsightConfig(true, true, false, DEFAULT_DEBUG_SCOPE, 100, 100);
  }

  public InsightConfig withMetrics(boolean on) {
    return new InsightConfig(on, accessLog, debugEnabled, debugScope, recentRequests, maxOperationNames);
  }

  public InsightConfig withDebugEnabled(boolean on) {
    return new InsightConfig(metrics, accessLog, on, debugScope, recentRequests, maxOperationNames);
  }

  public InsightConfig withAccessLog(boolean on) {
    return new InsightConfig(metrics, on, debugEnabled, debugScope, recentRequests, maxOperationNames);
  }

  public InsightConfig withMaxOperationNames(int names) {
    return new InsightConfig(metrics, accessLog, debugEnabled, debugScope, recentRequests, names);
  }

  public InsightConfig withRecentRequests(int requests) {
    return new InsightConfig(metrics, accessLog, debugEnabled, debugScope, requests, maxOperationNames);
  }
}

package dev.sheaf.insight;

import java.time.Instant;
import java.util.List;

/**
 * The admin port's pages of recent requests, plain HTML and SVG (no script): the list of the last
 * requests, and one request's backend calls as bars on a time axis, so what ran in parallel and what
 * waited shows at a glance. Every value is escaped: operation names and routes come from clients.
 */
public final class WaterfallPage {

  /** The chart's geometry, in SVG user units (pixels at 100 %). */
  static final int LABEL_WIDTH = 320;
  static final int CHART_WIDTH = 640;
  static final int ROW = 24;
  static final int BAR = 16;
  static final int AXIS = 28;

  private static final String STYLE = """
      body{font:14px system-ui,sans-serif;margin:24px;color:#222}
      table{border-collapse:collapse}td,th{padding:3px 10px;text-align:left;border-bottom:1px solid #ddd}
      .num{text-align:right;font-variant-numeric:tabular-nums}
      code{font-size:13px}.bar.ok{fill:#4a90d9}.bar.failed{fill:#d9534f}.bar.open{fill:#f0ad4e}
      .grid{stroke:#ddd}.label{font:12px monospace}.tick{font:11px sans-serif;fill:#666}
      """;

  private WaterfallPage() {
  }

  /** The list of requests, the newest first, each linking to its waterfall. */
  public static String list(List<FinishedRequest> requests) {
    StringBuilder html = head("Recent requests");
    html.append("<h1>Recent requests</h1>\n<p>The last ").append(requests.size())
        .append(" client requests, the newest first. <a href=\"/requests?format=json\">JSON</a></p>\n")
        .append("<table id=\"requests\"><tr><th>started</th><th>request</th><th>transport</th><th>route</th>")
        .append("<th>operation</th><th>status</th><th>outcome</th><th class=\"num\">ms</th><th class=\"num\">calls</th></tr>\n");
    for (FinishedRequest r : requests) {
      html.append("<tr><td>").append(Instant.ofEpochMilli(r.startedAtMillis())).append("</td><td><a href=\"/requests/")
          .append(escape(urlSegment(r.requestId()))).append("\">").append(escape(r.requestId())).append("</a></td><td>")
          .append(r.transport()).append("</td><td><code>").append(escape(r.method() + " " + r.route()))
          .append("</code></td><td>").append(escape(operation(r))).append("</td><td>").append(r.status())
          .append("</td><td>").append(r.outcome().label()).append("</td><td class=\"num\">")
          .append(Plan.millis(r.durationNanos())).append("</td><td class=\"num\">").append(r.calls().size())
          .append("</td></tr>\n");
    }
    return html.append("</table>\n</body></html>\n").toString();
  }

  /** One request's waterfall: a row per backend call, its bar from its start to its end. */
  public static String waterfall(FinishedRequest r) {
    StringBuilder html = head("Request " + r.requestId());
    html.append("<p><a href=\"/requests\">All recent requests</a></p>\n<h1>Request <code>")
        .append(escape(r.requestId())).append("</code></h1>\n<p>").append(escape(r.method() + " " + r.route()))
        .append(" &middot; ").append(escape(operation(r))).append(" &middot; status ").append(r.status())
        .append(" &middot; ").append(r.outcome().label()).append(" &middot; ").append(Plan.millis(r.durationNanos()))
        .append(" ms &middot; ").append(r.calls().size()).append(" backend calls");
    if (r.traceId() != null) {
      html.append(" &middot; trace <code>").append(r.traceId()).append("</code>");
    }
    if (r.droppedCalls() > 0) {
      html.append(" (").append(r.droppedCalls()).append(" more not kept)");
    }
    html.append("</p>\n");
    svg(html, r);
    table(html, r.calls());
    return html.append("</body></html>\n").toString();
  }

  private static void svg(StringBuilder html, FinishedRequest r) {
    long span = Math.max(1, r.durationNanos());
    for (RecordedCall call : r.calls()) {
      span = Math.max(span, call.startNanos() + Math.max(0, call.durationNanos()));
    }
    int height = AXIS + ROW * r.calls().size() + 8;
    html.append("<svg id=\"waterfall\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(LABEL_WIDTH + CHART_WIDTH + 40)
        .append("\" height=\"").append(height).append("\" data-span-ms=\"").append(Plan.millis(span)).append("\">\n");
    for (int i = 0; i <= 4; i++) {
      double x = LABEL_WIDTH + CHART_WIDTH * i / 4.0;
      html.append("<line class=\"grid\" x1=\"").append(x).append("\" y1=\"").append(AXIS - 8).append("\" x2=\"").append(x)
          .append("\" y2=\"").append(height).append("\"/><text class=\"tick\" x=\"").append(x).append("\" y=\"")
          .append(AXIS - 12).append("\" text-anchor=\"middle\">").append(Plan.millis(span * i / 4)).append(" ms</text>\n");
    }
    int row = 0;
    for (RecordedCall call : r.calls()) {
      long duration = call.finished() ? call.durationNanos() : r.durationNanos() - call.startNanos();
      double x = LABEL_WIDTH + scale(call.startNanos(), span);
      double width = Math.max(1, scale(Math.max(0, duration), span));
      int y = AXIS + row * ROW;
      String kind = !call.finished() ? "open" : "ok".equals(call.outcome()) ? "ok" : "failed";
      html.append("<text class=\"label\" x=\"0\" y=\"").append(y + BAR - 3).append("\">")
          .append(escape(shorten(call.backend() + " " + call.route(), 44))).append("</text>")
          .append("<rect class=\"bar ").append(kind).append("\" data-backend=\"").append(escape(call.backend()))
          .append("\" x=\"").append(round(x)).append("\" y=\"").append(y).append("\" width=\"").append(round(width))
          .append("\" height=\"").append(BAR).append("\"><title>").append(escape(call.backend() + " " + call.route()
              + ": " + Plan.millis(call.startNanos()) + " ms + " + (call.finished() ? Plan.millis(duration) + " ms" : "in flight")
              + ", " + call.describeOutcome())).append("</title></rect>\n");
      row++;
    }
    html.append("</svg>\n");
  }

  private static void table(StringBuilder html, List<RecordedCall> calls) {
    html.append("<table id=\"calls\"><tr><th>backend</th><th>template</th><th class=\"num\">start ms</th>")
        .append("<th class=\"num\">ms</th><th>outcome</th><th class=\"num\">batch</th><th>fields</th></tr>\n");
    for (RecordedCall call : calls) {
      html.append("<tr><td>").append(escape(call.backend())).append("</td><td><code>").append(escape(call.route()))
          .append("</code></td><td class=\"num\">").append(Plan.millis(call.startNanos())).append("</td><td class=\"num\">")
          .append(call.finished() ? String.valueOf(Plan.millis(call.durationNanos())) : "&ndash;").append("</td><td>")
          .append(escape(call.describeOutcome())).append("</td><td class=\"num\">")
          .append(call.batchSize() > 0 ? String.valueOf(call.batchSize()) : "").append("</td><td><code>");
      call.fields().forEach(f -> html.append(escape(String.valueOf(f))).append(' '));
      if (call.moreFields() > 0) {
        html.append("+").append(call.moreFields()).append(" more");
      }
      html.append("</code></td></tr>\n");
    }
    html.append("</table>\n");
  }

  private static StringBuilder head(String title) {
    return new StringBuilder(4096).append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
        .append(escape(title)).append("</title><style>").append(STYLE).append("</style></head><body>\n");
  }

  private static String operation(FinishedRequest r) {
    String type = r.operationType() == null ? "" : r.operationType() + " ";
    return r.operationName() == null ? type + "(unnamed)" : type + r.operationName();
  }

  private static double scale(long nanos, long span) {
    return (double) CHART_WIDTH * nanos / span;
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }

  private static String shorten(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "\u2026";
  }

  /** Request ids are restricted to URL-safe characters, except {@code /} and {@code +}. */
  private static String urlSegment(String id) {
    return id.replace("%", "%25").replace("/", "%2F").replace("+", "%2B");
  }

  static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}

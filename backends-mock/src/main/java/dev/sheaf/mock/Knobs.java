package dev.sheaf.mock;

import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The faults a mock service injects into every non-admin request. Immutable: change a service's
 * behaviour by swapping in a new instance ({@link MockService#setKnobs(Knobs)}).
 *
 * <p>Applied in this order: first the delay ({@code latencyMs} plus a uniform random extra in
 * {@code [0, jitterMs]}), then the first enabled fault of {@code resetConnection} (close without a
 * response), {@code hang} (never respond), {@code errorStatus} (respond with that status),
 * {@code malformedJson} (200 with truncated JSON), {@code slowBodyMs} (the real body, trickled in
 * chunks over that many milliseconds).
 *
 * @param latencyMs       fixed delay before anything is sent; 0 = respond immediately
 * @param jitterMs        extra random delay: uniform in {@code [0, jitterMs]}, or long-tailed with that scale
 *                        (see {@link JitterDistribution})
 * @param errorStatus     status (400..599) to fail with; 0 = off
 * @param hang            never respond; the request stays in flight until the connection closes
 * @param slowBodyMs      spread the body over about this many milliseconds; 0 = off
 * @param malformedJson   answer 200 with a truncated, unparseable JSON body
 * @param resetConnection close the connection without sending any response
 * @param faultRate       percent (1..100) of requests that the fault set ({@code resetConnection}, {@code hang} or
 *                        {@code errorStatus}) hits, spread evenly and starting with a hit: 50 hits the 1st, 3rd,
 *                        5th... request after the knobs are set; the others are answered normally
 * @param retryAfterSeconds with {@code errorStatus}: the {@code Retry-After} header of the error, in seconds; 0 = none
 * @param cacheControl    the {@code Cache-Control} header of every successful answer; empty = none
 * @param validators      successful answers carry an {@code ETag} (over the body) and a fixed
 *                        {@code Last-Modified}, and a matching {@code If-None-Match} or
 *                        {@code If-Modified-Since} is answered {@code 304} without a body
 * @param jitterDistribution how {@code jitterMs} is drawn: uniform (the default) or long-tailed (Pareto)
 */
public record Knobs(long latencyMs, long jitterMs, int errorStatus, boolean hang, long slowBodyMs,
                    boolean malformedJson, boolean resetConnection, int faultRate, int retryAfterSeconds,
                    String cacheControl, boolean validators, JitterDistribution jitterDistribution)
    implements MockKnobs<Knobs> {

  /** The JSON field names, as accepted by {@link #withPatch(JsonObject)} and written by {@link #toJson()}. */
  public static final List<String> FIELD_NAMES = List.of(
      "latencyMs", "jitterMs", "errorStatus", "hang", "slowBodyMs", "malformedJson", "resetConnection", "faultRate",
      "retryAfterSeconds", "cacheControl", "validators", "jitterDistribution");

  private static final Knobs NONE = new Knobs(0, 0, 0, false, 0, false, false, 100, 0, "", false,
      JitterDistribution.UNIFORM);
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s)?");

  public Knobs {
    cacheControl = cacheControl == null ? "" : cacheControl;
    jitterDistribution = jitterDistribution == null ? JitterDistribution.UNIFORM : jitterDistribution;
    requireNonNegative("latencyMs", latencyMs);
    requireNonNegative("jitterMs", jitterMs);
    requireNonNegative("slowBodyMs", slowBodyMs);
    if (errorStatus != 0 && (errorStatus < 400 || errorStatus > 599)) {
      throw new IllegalArgumentException("errorStatus must be 0 (off) or in 400..599, was " + errorStatus);
    }
    requireNonNegative("retryAfterSeconds", retryAfterSeconds);
    if (faultRate < 1 || faultRate > 100) {
      throw new IllegalArgumentException("faultRate must be a percent in 1..100, was " + faultRate);
    }
  }

  /** Well-behaved: no delay, no fault. */
  public static Knobs none() {
    return NONE;
  }

  public Knobs withLatency(long ms) {
    return new Knobs(ms, jitterMs, errorStatus, hang, slowBodyMs, malformedJson, resetConnection, faultRate,
        retryAfterSeconds, cacheControl, validators, jitterDistribution);
  }

  /** @param distribution how the extra delay of {@code jitterMs} is drawn */
  public Knobs withJitterDistribution(JitterDistribution distribution) {
    return new Knobs(latencyMs, jitterMs, errorStatus, hang, slowBodyMs, malformedJson, resetConnection, faultRate,
        retryAfterSeconds, cacheControl, validators, distribution);
  }

  public Knobs withJitter(long ms) {
    return new Knobs(latencyMs, ms, errorStatus, hang, slowBodyMs, malformedJson, resetConnection, faultRate,
        retryAfterSeconds, cacheControl, validators, jitterDistribution);
  }

  /** @param status an HTTP status in 400..599, or 0 to stop failing */
  public Knobs withErrorStatus(int status) {
    return new Knobs(latencyMs, jitterMs, status, hang, slowBodyMs, malformedJson, resetConnection,
        faultRate, retryAfterSeconds, cacheControl, validators, jitterDistribution);
  }

  /** @param percent of requests the fault hits, evenly spread; 100 hits all */
  public Knobs withFaultRate(int percent) {
    return new Knobs(latencyMs, jitterMs, errorStatus, hang, slowBodyMs, malformedJson, resetConnection,
        percent, retryAfterSeconds, cacheControl, validators, jitterDistribution);
  }

  /** @param seconds the Retry-After an injected error carries; 0 for none */
  public Knobs withRetryAfter(int seconds) {
    return new Knobs(latencyMs, jitterMs, errorStatus, hang, slowBodyMs, malformedJson, resetConnection, faultRate,
        seconds, cacheControl, validators, jitterDistribution);
  }

  public Knobs withHang(boolean enabled) {
    return new Knobs(latencyMs, jitterMs, errorStatus, enabled, slowBodyMs, malformedJson, resetConnection,
        faultRate, retryAfterSeconds, cacheControl, validators, jitterDistribution);
  }

  /** @param value the Cache-Control of successful answers, e.g. {@code max-age=60}; empty for none */
  public Knobs withCacheControl(String value) {
    return new Knobs(latencyMs, jitterMs, errorStatus, hang, slowBodyMs, malformedJson, resetConnection, faultRate,
        retryAfterSeconds, value, validators, jitterDistribution);
  }

  public Knobs withValidators(boolean enabled) {
    return new Knobs(latencyMs, jitterMs, errorStatus, hang, slowBodyMs, malformedJson, resetConnection, faultRate,
        retryAfterSeconds, cacheControl, enabled, jitterDistribution);
  }

  public Knobs withSlowBody(long ms) {
    return new Knobs(latencyMs, jitterMs, errorStatus, hang, ms, malformedJson, resetConnection, faultRate,
        retryAfterSeconds, cacheControl, validators, jitterDistribution);
  }

  public Knobs withMalformedJson(boolean enabled) {
    return new Knobs(latencyMs, jitterMs, errorStatus, hang, slowBodyMs, enabled, resetConnection, faultRate,
        retryAfterSeconds, cacheControl, validators, jitterDistribution);
  }

  public Knobs withResetConnection(boolean enabled) {
    return new Knobs(latencyMs, jitterMs, errorStatus, hang, slowBodyMs, malformedJson, enabled, faultRate,
        retryAfterSeconds, cacheControl, validators, jitterDistribution);
  }

  /** Parses a complete set of knobs; fields left out are off. See {@link #withPatch(JsonObject)}. */
  public static Knobs fromJson(JsonObject json) {
    return NONE.withPatch(json);
  }

  /**
   * Returns these knobs with the fields present in {@code patch} replaced; absent fields keep their
   * value. Durations are JSON integers (milliseconds) or strings such as {@code "10ms"}, {@code "1s"},
   * {@code "250"}; booleans and {@code errorStatus} may also be given as strings, which lets command
   * line flags reuse this parser.
   *
   * @throws IllegalArgumentException naming the field, on an unknown field or a bad value
   */
  @Override
  public Knobs withPatch(JsonObject patch) {
    Knobs result = this;
    for (String field : patch.fieldNames()) {
      Object value = patch.getValue(field);
      result = switch (field) {
        case "latencyMs" -> result.withLatency(millis(field, value));
        case "jitterMs" -> result.withJitter(millis(field, value));
        case "errorStatus" -> result.withErrorStatus(status(value));
        case "hang" -> result.withHang(bool(field, value));
        case "slowBodyMs" -> result.withSlowBody(millis(field, value));
        case "malformedJson" -> result.withMalformedJson(bool(field, value));
        case "resetConnection" -> result.withResetConnection(bool(field, value));
        case "faultRate" -> result.withFaultRate(status(value));
        case "retryAfterSeconds" -> result.withRetryAfter(status(value));
        case "cacheControl" -> result.withCacheControl(String.valueOf(value));
        case "validators" -> result.withValidators(bool(field, value));
        case "jitterDistribution" -> result.withJitterDistribution(JitterDistribution.named(String.valueOf(value)));
        default -> throw new IllegalArgumentException(
            "unknown knob '" + field + "'; known knobs: " + String.join(", ", FIELD_NAMES));
      };
    }
    return result;
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject()
        .put("latencyMs", latencyMs)
        .put("jitterMs", jitterMs)
        .put("errorStatus", errorStatus)
        .put("hang", hang)
        .put("slowBodyMs", slowBodyMs)
        .put("malformedJson", malformedJson)
        .put("resetConnection", resetConnection)
        .put("faultRate", faultRate)
        .put("retryAfterSeconds", retryAfterSeconds)
        .put("cacheControl", cacheControl)
        .put("validators", validators)
        .put("jitterDistribution", jitterDistribution.name().toLowerCase(Locale.ROOT));
  }

  /**
   * Parses a duration written as {@code "10ms"}, {@code "2s"} or plain milliseconds {@code "250"}.
   *
   * @throws IllegalArgumentException if the text is not such a duration
   */
  public static long parseDurationMillis(String text) {
    Matcher matcher = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!matcher.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a duration like 10ms, 1s or 250");
    }
    long amount = Long.parseLong(matcher.group(1));
    return "s".equals(matcher.group(2)) ? Math.multiplyExact(amount, 1000L) : amount;
  }

  private static long millis(String field, Object value) {
    try {
      if (value instanceof Integer || value instanceof Long) {
        return ((Number) value).longValue();
      }
      if (value instanceof String text) {
        return parseDurationMillis(text);
      }
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new IllegalArgumentException(field + ": " + e.getMessage(), e);
    }
    throw new IllegalArgumentException(field + " must be milliseconds or a duration like \"10ms\", was " + value);
  }

  private static int status(Object value) {
    if (value instanceof Integer number) {
      return number;
    }
    if (value instanceof String text && text.trim().matches("\\d{1,3}")) {
      return Integer.parseInt(text.trim());
    }
    throw new IllegalArgumentException("errorStatus must be an HTTP status code or 0, was " + value);
  }

  private static boolean bool(String field, Object value) {
    if (value instanceof Boolean flag) {
      return flag;
    }
    if ("true".equals(value) || "false".equals(value)) {
      return Boolean.parseBoolean((String) value);
    }
    throw new IllegalArgumentException(field + " must be true or false, was " + value);
  }

  private static void requireNonNegative(String field, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(field + " must not be negative, was " + value);
    }
  }
}

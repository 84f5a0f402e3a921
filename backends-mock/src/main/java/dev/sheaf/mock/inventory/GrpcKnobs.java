package dev.sheaf.mock.inventory;

import dev.sheaf.mock.Knobs;
import dev.sheaf.mock.MockKnobs;
import io.vertx.core.json.JsonObject;
import io.vertx.grpc.common.GrpcStatus;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The faults the gRPC inventory injects into every call: the knobs of {@link Knobs} that mean
 * something for gRPC, plus the status to fail with. Immutable, like {@link Knobs}. The REST-only
 * knobs ({@code errorStatus}, {@code malformedJson}, {@code slowBodyMs}) shape an HTTP/JSON reply;
 * they are absent here rather than silently ignored, so setting them on the inventory is an error.
 *
 * <p>Applied in this order: first the delay ({@code latencyMs} plus a uniform random extra in
 * {@code [0, jitterMs]}), then the first enabled fault of {@code resetConnection} (close the HTTP/2
 * connection without a response), {@code hang} (never answer), {@code grpcStatus} (answer with that
 * status and the message {@code "injected <STATUS>"}).
 *
 * @param latencyMs       fixed delay before anything is sent; 0 = answer immediately
 * @param jitterMs        extra random delay, uniform in {@code [0, jitterMs]}
 * @param hang            never answer; the call stays in flight until the client cancels it or the connection closes
 * @param resetConnection close the connection (and so every call on it) without answering
 * @param grpcStatus      the status to fail with; {@link GrpcStatus#OK} = off
 */
public record GrpcKnobs(long latencyMs, long jitterMs, boolean hang, boolean resetConnection, GrpcStatus grpcStatus)
    implements MockKnobs<GrpcKnobs> {

  /** The JSON field names, as accepted by {@link #withPatch(JsonObject)} and written by {@link #toJson()}. */
  public static final List<String> FIELD_NAMES = List.of("latencyMs", "jitterMs", "hang", "resetConnection", "grpcStatus");

  private static final GrpcKnobs NONE = new GrpcKnobs(0, 0, false, false, GrpcStatus.OK);

  public GrpcKnobs {
    Objects.requireNonNull(grpcStatus, "grpcStatus (OK means off)");
    requireNonNegative("latencyMs", latencyMs);
    requireNonNegative("jitterMs", jitterMs);
  }

  /** Well-behaved: no delay, no fault. */
  public static GrpcKnobs none() {
    return NONE;
  }

  /**
   * The knobs a REST service would have, as they apply to gRPC: delays, {@code hang} and
   * {@code resetConnection} as they are; {@code errorStatus} as the status a gRPC client reports when
   * it gets that HTTP status (e.g. 503 → UNAVAILABLE, see {@link #statusForHttp(int)}), so "every
   * service fails" includes the inventory. {@code malformedJson} and {@code slowBodyMs} have no gRPC
   * counterpart and are dropped.
   */
  public static GrpcKnobs from(Knobs knobs) {
    GrpcStatus status = knobs.errorStatus() == 0 ? GrpcStatus.OK : statusForHttp(knobs.errorStatus());
    return new GrpcKnobs(knobs.latencyMs(), knobs.jitterMs(), knobs.hang(), knobs.resetConnection(), status);
  }

  /** gRPC's HTTP-to-status mapping (grpc/doc/http-grpc-status-mapping.md), for a status in 400..599. */
  public static GrpcStatus statusForHttp(int httpStatus) {
    return switch (httpStatus) {
      case 400 -> GrpcStatus.INTERNAL;
      case 401 -> GrpcStatus.UNAUTHENTICATED;
      case 403 -> GrpcStatus.PERMISSION_DENIED;
      case 404 -> GrpcStatus.UNIMPLEMENTED;
      case 429, 502, 503, 504 -> GrpcStatus.UNAVAILABLE;
      default -> GrpcStatus.UNKNOWN;
    };
  }

  public GrpcKnobs withLatency(long ms) {
    return new GrpcKnobs(ms, jitterMs, hang, resetConnection, grpcStatus);
  }

  public GrpcKnobs withJitter(long ms) {
    return new GrpcKnobs(latencyMs, ms, hang, resetConnection, grpcStatus);
  }

  public GrpcKnobs withHang(boolean enabled) {
    return new GrpcKnobs(latencyMs, jitterMs, enabled, resetConnection, grpcStatus);
  }

  public GrpcKnobs withResetConnection(boolean enabled) {
    return new GrpcKnobs(latencyMs, jitterMs, hang, enabled, grpcStatus);
  }

  /** @param status the status to fail every call with, or {@link GrpcStatus#OK} to stop failing */
  public GrpcKnobs withGrpcStatus(GrpcStatus status) {
    return new GrpcKnobs(latencyMs, jitterMs, hang, resetConnection, status);
  }

  /** Parses a complete set of knobs; fields left out are off. See {@link #withPatch(JsonObject)}. */
  public static GrpcKnobs fromJson(JsonObject json) {
    return NONE.withPatch(json);
  }

  /**
   * Returns these knobs with the fields present in {@code patch} replaced. The shared fields take the
   * values {@link Knobs#withPatch(JsonObject)} takes ({@code "10ms"}, {@code "true"}...);
   * {@code grpcStatus} takes a status name in any case ({@code "UNAVAILABLE"}), its code
   * ({@code 14}), or {@code "OK"} or {@code null} for none.
   *
   * @throws IllegalArgumentException naming the field, on an unknown field or a bad value
   */
  @Override
  public GrpcKnobs withPatch(JsonObject patch) {
    JsonObject shared = new JsonObject();
    GrpcStatus status = grpcStatus;
    for (String field : patch.fieldNames()) {
      if (field.equals("grpcStatus")) {
        status = parseStatus(patch.getValue(field));
      } else if (FIELD_NAMES.contains(field)) {
        shared.put(field, patch.getValue(field));
      } else {
        throw new IllegalArgumentException(
            "unknown knob '" + field + "' for a gRPC service; known knobs: " + String.join(", ", FIELD_NAMES));
      }
    }
    Knobs merged = asKnobs().withPatch(shared);
    return new GrpcKnobs(merged.latencyMs(), merged.jitterMs(), merged.hang(), merged.resetConnection(), status);
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject()
        .put("latencyMs", latencyMs)
        .put("jitterMs", jitterMs)
        .put("hang", hang)
        .put("resetConnection", resetConnection)
        .put("grpcStatus", grpcStatus.name());
  }

  private Knobs asKnobs() {
    return Knobs.none().withLatency(latencyMs).withJitter(jitterMs).withHang(hang).withResetConnection(resetConnection);
  }

  private static void requireNonNegative(String field, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(field + " must not be negative, was " + value);
    }
  }

  /** Command line flags arrive as strings, so a code may come as {@code "14"} as well as {@code 14}. */
  private static GrpcStatus parseStatus(Object value) {
    if (value == null) {
      return GrpcStatus.OK;
    }
    String text = value instanceof Integer || value instanceof String ? value.toString().trim() : "";
    GrpcStatus status = text.matches("\\d{1,2}")
        ? GrpcStatus.valueOf(Integer.parseInt(text))  // null for an unknown code
        : Arrays.stream(GrpcStatus.values()).filter(known -> known.name().equalsIgnoreCase(text)).findFirst().orElse(null);
    if (status == null) {
      throw new IllegalArgumentException(
          "grpcStatus must be a gRPC status name such as UNAVAILABLE (or its code), or OK or null for none, was " + value);
    }
    return status;
  }
}

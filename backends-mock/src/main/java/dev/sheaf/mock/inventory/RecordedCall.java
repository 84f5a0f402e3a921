package dev.sheaf.mock.inventory;

import io.vertx.core.MultiMap;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A gRPC call as the inventory received it, so tests can assert on what the gateway sent.
 *
 * @param method            the full method name, e.g. {@code inventory.v1.InventoryService/GetStock}
 * @param productIds        the requested {@code product_ids}, as sent (unknown and repeated ids included)
 * @param headers           the request metadata: header names in lower case, repeated ones joined with
 *                          {@code ", "}; HTTP/2 pseudo-headers ({@code :path}...) are not included
 * @param grpcTimeoutMillis the caller's deadline, from the {@code grpc-timeout} header, in whole
 *                          milliseconds (rounded down); {@code null} if the header is absent or malformed
 * @param receivedAtNanos   {@link System#nanoTime()} when the call arrived, so tests can tell which calls overlapped
 */
public record RecordedCall(String method, List<String> productIds, Map<String, String> headers, Long grpcTimeoutMillis,
                           long receivedAtNanos) {

  // The wire format: at most 8 digits and a unit (gRPC over HTTP/2 protocol spec).
  private static final Pattern GRPC_TIMEOUT = Pattern.compile("(\\d{1,8})([HMSmun])");

  public RecordedCall {
    Objects.requireNonNull(method, "method");
    productIds = List.copyOf(productIds);
    headers = lowerCaseNames(headers);
  }

  static RecordedCall of(String method, List<String> productIds, MultiMap metadata) {
    Map<String, String> headers = new TreeMap<>();
    metadata.names().forEach(name -> headers.put(name, String.join(", ", metadata.getAll(name))));
    return new RecordedCall(method, productIds, headers, parseGrpcTimeoutMillis(metadata.get("grpc-timeout")),
        System.nanoTime());
  }

  /** The header's value, looked up case-insensitively; {@code null} if absent. */
  public String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  /**
   * A {@code grpc-timeout} value in milliseconds, rounded down: {@code "199m"} is 199,
   * {@code "300000u"} is 300, {@code "2S"} is 2000. Units: H, M, S, m (ms), u (µs), n (ns).
   *
   * @return {@code null} for {@code null} or a value that is not in the wire format
   */
  public static Long parseGrpcTimeoutMillis(String value) {
    Matcher matcher = value == null ? null : GRPC_TIMEOUT.matcher(value.trim());
    if (matcher == null || !matcher.matches()) {
      return null;
    }
    TimeUnit unit = switch (matcher.group(2)) {
      case "H" -> TimeUnit.HOURS;
      case "M" -> TimeUnit.MINUTES;
      case "S" -> TimeUnit.SECONDS;
      case "m" -> TimeUnit.MILLISECONDS;
      case "u" -> TimeUnit.MICROSECONDS;
      default -> TimeUnit.NANOSECONDS;
    };
    return unit.toMillis(Long.parseLong(matcher.group(1)));
  }

  private static Map<String, String> lowerCaseNames(Map<String, String> headers) {
    Map<String, String> normalized = new TreeMap<>();
    headers.forEach((name, value) -> normalized.merge(name.toLowerCase(Locale.ROOT), value, (a, b) -> a + ", " + b));
    return Map.copyOf(normalized);
  }
}

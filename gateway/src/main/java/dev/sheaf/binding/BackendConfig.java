package dev.sheaf.binding;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A validated backend: REST ({@code url} set) or gRPC ({@code grpc} set).
 *
 * @param forwardHeaders       lower-case names of client headers passed on to this backend (an allow-list)
 * @param forwardAuthorization pass the client's (validated) Authorization header on
 * @param claimHeaders         lower-case header name to the token claim it carries; a client header of
 *                             the same name is never forwarded, so it cannot be spoofed
 * @param maxResponseBytes     the largest answer (REST body, gRPC message) read from this backend; a
 *                             larger one is BAD_BACKEND_RESPONSE and its connection or stream is dropped
 */
public record BackendConfig(String name, URI url, Grpc grpc, Duration timeout, int pool, List<String> forwardHeaders,
                            boolean forwardAuthorization, Map<String, String> claimHeaders, long maxResponseBytes) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
  /** 8 MiB: far above a screen's worth of JSON, far below what would stall an event loop to parse. */
  public static final long DEFAULT_MAX_RESPONSE_BYTES = 8L * 1024 * 1024;
  public static final int DEFAULT_POOL = 64;
  public static final int DEFAULT_MAX_STREAMS = 100;

  public BackendConfig {
    forwardHeaders = List.copyOf(forwardHeaders);
    claimHeaders = Map.copyOf(claimHeaders);
  }

  /**
   * gRPC connection settings.
   *
   * @param reflection read descriptors from the backend's server reflection instead of schema/protos
   */
  public record Grpc(String host, int port, boolean tls, int maxConcurrentStreams, boolean reflection) {
  }

  public boolean isGrpc() {
    return grpc != null;
  }
}

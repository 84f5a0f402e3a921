package dev.sheaf.binding;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * A validated backend: REST ({@code url} set) or gRPC ({@code grpc} set).
 *
 * @param forwardHeaders lower-case names of client headers passed on to this backend (an allow-list)
 */
public record BackendConfig(String name, URI url, Grpc grpc, Duration timeout, int pool, List<String> forwardHeaders) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
  public static final int DEFAULT_POOL = 64;
  public static final int DEFAULT_MAX_STREAMS = 100;

  public BackendConfig {
    forwardHeaders = List.copyOf(forwardHeaders);
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

package dev.sheaf.binding;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * A validated REST backend.
 *
 * @param forwardHeaders lower-case names of client headers passed on to this backend (an allow-list)
 */
public record BackendConfig(String name, URI url, Duration timeout, int pool, List<String> forwardHeaders) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
  public static final int DEFAULT_POOL = 64;

  public BackendConfig {
    forwardHeaders = List.copyOf(forwardHeaders);
  }
}

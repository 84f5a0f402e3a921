package dev.sheaf.config;

import java.time.Duration;

/**
 * How long the gateway waits for a slow client before closing its connection, so a client that
 * connects and then sends nothing, or sends a byte now and then (slowloris), cannot hold a
 * connection forever. The time a request then takes is governed by its deadline, not by these.
 *
 * @param idle    how long a keep-alive connection may wait for its next request. The default, 75 s,
 *                is longer than the 60 s idle timeout of common load balancers, so the balancer (which
 *                knows when it will reuse a connection) closes idle connections rather than the gateway
 *                racing a request it is about to send
 * @param headers how long a request may take from its first byte (or, on a new connection, from the
 *                connection) to the end of its headers: a few hundred bytes, 10 s is ample on any network
 * @param body    how long a request's body may take after its headers: 30 s brings the default 1 MiB body
 *                limit in at ~35 KB/s; GraphQL bodies are usually a few KB
 */
public record ClientTimeouts(Duration idle, Duration headers, Duration body) {

  public static ClientTimeouts defaults() {
    return new ClientTimeouts(Duration.ofSeconds(75), Duration.ofSeconds(10), Duration.ofSeconds(30));
  }

  public ClientTimeouts withIdle(Duration newIdle) {
    return new ClientTimeouts(newIdle, headers, body);
  }

  public ClientTimeouts withHeaders(Duration newHeaders) {
    return new ClientTimeouts(idle, newHeaders, body);
  }

  public ClientTimeouts withBody(Duration newBody) {
    return new ClientTimeouts(idle, headers, newBody);
  }
}

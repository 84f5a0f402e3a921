package dev.sheaf.reload;

import dev.sheaf.config.GatewayConfig;
import dev.sheaf.resolver.Upstreams;
import io.vertx.ext.web.Router;
import java.time.Instant;
import java.util.List;

/**
 * One compiled configuration, ready to serve: what a request takes once when it arrives and uses to
 * its end, so a reload never mixes two configurations in one answer.
 *
 * @param version  a hash of the configuration's files and settings
 * @param stamp    the files' stamp taken before they were read, for the watch to compare with
 * @param routers  one per event loop's server, so no two loops share a router
 */
public record Snapshot(String version, String stamp, Instant loadedAt, GatewayConfig config, Upstreams upstreams,
                       List<Router> routers) {

  public Snapshot {
    routers = List.copyOf(routers);
  }

  /** The router of the server with this index. */
  public Router router(int server) {
    return routers.get(server);
  }
}

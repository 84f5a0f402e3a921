package dev.sheaf.resolver;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sheaf.backend.grpc.ProtoJson;

/** What every request resolves against, built once at start-up: the backends and their codecs. */
public record Upstreams(Backends backends, EntityLoaders entityLoaders, ObjectMapper json, ProtoJson protoJson)
    implements AutoCloseable {

  @Override
  public void close() {
    backends.close();
  }
}

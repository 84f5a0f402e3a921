package dev.sheaf.backend.grpc;

import dev.sheaf.binding.BackendConfig;
import java.util.Map;

/**
 * Which descriptors each gRPC backend is described by: the ones its server reflection reported,
 * or else those read from the configuration's proto folder ({@code <schemaDir>/protos}).
 */
public record ProtoSources(ProtoRegistry files, Map<String, ProtoRegistry> reflectedByBackend) {

  public ProtoSources {
    reflectedByBackend = Map.copyOf(reflectedByBackend);
  }

  public static ProtoSources filesOnly(ProtoRegistry files) {
    return new ProtoSources(files, Map.of());
  }

  public ProtoRegistry forBackend(BackendConfig backend) {
    return backend.grpc().reflection() ? reflectedByBackend.getOrDefault(backend.name(), ProtoRegistry.empty()) : files;
  }
}

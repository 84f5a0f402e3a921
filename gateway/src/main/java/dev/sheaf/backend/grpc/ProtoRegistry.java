package dev.sheaf.backend.grpc;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import dev.sheaf.config.ConfigException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The protobuf descriptors gRPC bindings are checked and called with: built from the configuration's
 * proto folder (see {@link ProtoFolder}) and from what backends report through server reflection.
 * No generated code is involved.
 */
public final class ProtoRegistry {

  private final Map<String, ServiceDescriptor> services;

  private ProtoRegistry(Map<String, ServiceDescriptor> services) {
    this.services = Map.copyOf(services);
  }

  public static ProtoRegistry empty() {
    return new ProtoRegistry(Map.of());
  }

  /**
   * Builds the descriptors of every file, each after the files it imports. The well-known files
   * (google/protobuf/*.proto) are always those protobuf-java ships, whether supplied or not.
   *
   * @param origin names where the files came from, for error messages
   */
  public static ProtoRegistry of(Collection<FileDescriptorProto> files, String origin) {
    Map<String, FileDescriptorProto> byName = new LinkedHashMap<>();
    files.forEach(f -> byName.putIfAbsent(f.getName(), f));
    Map<String, FileDescriptor> built = new HashMap<>(WellKnownTypes.FILES);
    Map<String, ServiceDescriptor> services = new HashMap<>();
    for (String name : byName.keySet()) {
      FileDescriptor file = build(name, byName, built, new ArrayList<>(), origin);
      file.getServices().forEach(s -> services.put(s.getFullName(), s));
    }
    return new ProtoRegistry(services);
  }

  private static FileDescriptor build(String name, Map<String, FileDescriptorProto> protos,
                                      Map<String, FileDescriptor> built, List<String> visiting, String origin) {
    FileDescriptor done = built.get(name);
    if (done != null) {
      return done;
    }
    FileDescriptorProto proto = protos.get(name);
    if (proto == null) {
      throw new ConfigException(origin + ": " + visiting.get(visiting.size() - 1) + " imports " + name
          + ", which is not among the descriptors; add the imported .proto file too");
    }
    if (visiting.contains(name)) {
      throw new ConfigException(origin + ": import cycle through " + name);
    }
    visiting.add(name);
    List<FileDescriptor> deps = new ArrayList<>();
    for (String dep : proto.getDependencyList()) {
      deps.add(build(dep, protos, built, visiting, origin));
    }
    visiting.remove(name);
    try {
      FileDescriptor file = FileDescriptor.buildFrom(proto, deps.toArray(FileDescriptor[]::new));
      built.put(name, file);
      return file;
    } catch (DescriptorValidationException e) {
      throw new ConfigException(origin + ": " + name + " is not a valid proto file: " + e.getDescription());
    }
  }

  /**
   * Finds {@code package.Service/Method}.
   *
   * @return null when the service or method is unknown (see {@link #describeMissing})
   */
  public MethodDescriptor method(String serviceName, String methodName) {
    ServiceDescriptor service = services.get(serviceName);
    return service == null ? null : service.findMethodByName(methodName);
  }

  /** Says what is missing, and what exists instead, for a start-up error. */
  public String describeMissing(String serviceName, String methodName) {
    ServiceDescriptor service = services.get(serviceName);
    if (service == null) {
      return "no gRPC service '" + serviceName + "' is described; known services: "
          + (services.isEmpty() ? "none (add its .proto to the protos folder of the schema directory, or use descriptors: reflection)"
          : String.join(", ", services.keySet().stream().sorted().toList()));
    }
    return "service " + serviceName + " has no method '" + methodName + "'; its methods: "
        + String.join(", ", service.getMethods().stream().map(MethodDescriptor::getName).toList());
  }
}

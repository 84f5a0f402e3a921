package dev.sheaf.backend.grpc;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import dev.sheaf.config.ConfigException;
import dev.sheaf.config.Suggestions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The protobuf descriptors gRPC bindings are checked and called with: built from the configuration's
 * proto folder (see {@link ProtoFolder}) and from what backends report through server reflection.
 * No generated code is involved.
 */
public final class ProtoRegistry {

  private final Map<String, ServiceDescriptor> services;
  private final boolean verified;
  /** Every service the source offers, described here or not: named when a binding asks for another. */
  private final Set<String> offered;

  private ProtoRegistry(Map<String, ServiceDescriptor> services, boolean verified, Collection<String> offered) {
    this.services = Map.copyOf(services);
    this.verified = verified;
    Set<String> all = new TreeSet<>(offered);
    all.addAll(services.keySet());
    all.removeIf(name -> name.startsWith("grpc.reflection."));
    this.offered = Set.copyOf(all);
  }

  public static ProtoRegistry empty() {
    return new ProtoRegistry(Map.of(), true, List.of());
  }

  /**
   * Describes every method it is asked for, as taking and answering an empty message: for a
   * backend whose server reflection could not be read during a configuration check, so that its
   * bindings compile without being verified. Never for a gateway that serves: calls would fail.
   */
  public static ProtoRegistry unverified() {
    return new ProtoRegistry(Map.of(), false, List.of());
  }

  /** False for {@link #unverified()}: its methods' request messages say nothing of the real ones. */
  public boolean verified() {
    return verified;
  }

  /**
   * Builds the descriptors of every file, each after the files it imports. The well-known files
   * (google/protobuf/*.proto) are always those protobuf-java ships, whether supplied or not.
   *
   * @param origin names where the files came from, for error messages
   */
  public static ProtoRegistry of(Collection<FileDescriptorProto> files, String origin) {
    return of(files, origin, List.of());
  }

  /** @param offered the services the source offers (server reflection lists them), described in files or not */
  public static ProtoRegistry of(Collection<FileDescriptorProto> files, String origin, Collection<String> offered) {
    Map<String, FileDescriptorProto> byName = new LinkedHashMap<>();
    files.forEach(f -> byName.putIfAbsent(f.getName(), f));
    Map<String, FileDescriptor> built = new HashMap<>(WellKnownTypes.FILES);
    Map<String, ServiceDescriptor> services = new HashMap<>();
    for (String name : byName.keySet()) {
      FileDescriptor file = build(name, byName, built, new ArrayList<>(), origin);
      file.getServices().forEach(s -> services.put(s.getFullName(), s));
    }
    return new ProtoRegistry(services, true, offered);
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
    if (!verified) {
      return placeholder(serviceName, methodName);
    }
    ServiceDescriptor service = services.get(serviceName);
    return service == null ? null : service.findMethodByName(methodName);
  }

  private static MethodDescriptor placeholder(String serviceName, String methodName) {
    int dot = serviceName.lastIndexOf('.');
    FileDescriptorProto file = FileDescriptorProto.newBuilder()
        .setName("unverified/" + serviceName + ".proto")
        .setPackage(dot < 0 ? "" : serviceName.substring(0, dot))
        .setSyntax("proto3")
        .addMessageType(DescriptorProto.newBuilder().setName("Unverified"))
        .addService(ServiceDescriptorProto.newBuilder().setName(serviceName.substring(dot + 1))
            .addMethod(MethodDescriptorProto.newBuilder().setName(methodName)
                .setInputType("Unverified").setOutputType("Unverified")))
        .build();
    try {
      return FileDescriptor.buildFrom(file, new FileDescriptor[0]).getServices().get(0).getMethods().get(0);
    } catch (DescriptorValidationException e) {
      throw new ConfigException("'" + serviceName + "/" + methodName + "' is not a valid gRPC method name: "
          + e.getDescription());
    }
  }

  /** Says what is missing, and what exists instead, for a start-up error. */
  public String describeMissing(String serviceName, String methodName) {
    ServiceDescriptor service = services.get(serviceName);
    if (service == null) {
      return "no gRPC service '" + serviceName + "' is described." + Suggestions.didYouMean(serviceName, offered)
          + " Known services, closest first: " + (offered.isEmpty()
          ? "none (add its .proto to the protos folder of the schema directory, or use descriptors: reflection)"
          : Suggestions.listClosestFirst(serviceName, offered));
    }
    List<String> methods = service.getMethods().stream().map(MethodDescriptor::getName).toList();
    return "service " + serviceName + " has no method '" + methodName + "'." + Suggestions.didYouMean(methodName, methods)
        + " Its methods, closest first: " + Suggestions.listClosestFirst(methodName, methods);
  }
}

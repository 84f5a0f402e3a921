package dev.sheaf.backend.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.InvalidProtocolBufferException;
import io.vertx.core.Future;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;
import io.vertx.grpc.reflection.v1.ServerReflectionRequest;
import io.vertx.grpc.reflection.v1.ServerReflectionResponse;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Reads a backend's descriptors through gRPC server reflection (v1): the files defining the
 * services the bindings name, and every file they import. Used once at start-up.
 */
public final class ReflectionClient {

  private static final ServiceMethod<ServerReflectionResponse, ServerReflectionRequest> INFO = ServiceMethod.client(
      ServiceName.create("grpc.reflection.v1.ServerReflection"), "ServerReflectionInfo",
      GrpcMessageEncoder.encoder(), GrpcMessageDecoder.decoder(ServerReflectionResponse.getDefaultInstance()));

  private static final long TIMEOUT_MS = 5_000;

  private final GrpcBackend backend;

  public ReflectionClient(GrpcBackend backend) {
    this.backend = backend;
  }

  /**
   * What a backend's server reflection says: the services it offers, and the files defining those of
   * them that the bindings name, with every file they import.
   */
  public record Reflected(List<String> services, Collection<FileDescriptorProto> files) {
  }

  /**
   * The services the backend offers and the files of those among {@code services} that it has. A
   * service it does not offer is left out rather than failing here: the binding that names it is
   * then refused with its file and line, and the services the backend does offer.
   */
  public Future<Reflected> filesFor(Collection<String> services) {
    return ask(ServerReflectionRequest.newBuilder().setListServices("*").build(), "its list of services")
        .compose(answer -> {
          List<String> offered = answer.getListServicesResponse().getServiceList().stream()
              .map(s -> s.getName()).toList();
          Map<String, FileDescriptorProto> files = new LinkedHashMap<>();
          Future<Void> all = Future.succeededFuture();
          for (String service : services.stream().filter(offered::contains).toList()) {
            all = all.compose(v -> askFiles(ServerReflectionRequest.newBuilder().setFileContainingSymbol(service).build(),
                service)).compose(found -> addWithImports(found, files));
          }
          return all.map(v -> new Reflected(offered, files.values()));
        });
  }

  private Future<Void> addWithImports(List<FileDescriptorProto> found, Map<String, FileDescriptorProto> files) {
    found.forEach(f -> files.putIfAbsent(f.getName(), f));
    List<String> missing = new ArrayList<>();
    for (FileDescriptorProto file : files.values()) {
      // The well-known files are known already; servers often leave them out of their answers.
      file.getDependencyList().stream()
          .filter(d -> !files.containsKey(d) && !missing.contains(d) && !WellKnownTypes.isWellKnown(d))
          .forEach(missing::add);
    }
    if (missing.isEmpty()) {
      return Future.succeededFuture();
    }
    Future<Void> next = Future.succeededFuture();
    for (String name : missing) {
      next = next.compose(v -> askFiles(ServerReflectionRequest.newBuilder().setFileByFilename(name).build(), name))
          .compose(more -> addWithImports(more, files));
    }
    return next;
  }

  private Future<List<FileDescriptorProto>> askFiles(ServerReflectionRequest request, String what) {
    return ask(request, what).compose(answer -> parse(answer.getFileDescriptorResponse().getFileDescriptorProtoList()));
  }

  private Future<ServerReflectionResponse> ask(ServerReflectionRequest request, String what) {
    return backend.client().request(backend.address(), INFO)
        .compose(call -> {
          call.timeout(TIMEOUT_MS, TimeUnit.MILLISECONDS);
          return call.send(request);
        })
        .compose(response -> response.last())
        .transform(ar -> {
          if (ar.failed()) {
            return Future.failedFuture("server reflection of backend '" + backend.config().name() + "' failed for "
                + what + " (" + ar.cause().getMessage() + "); check that the backend runs and enables reflection, "
                + "or use descriptors: protos");
          }
          ServerReflectionResponse answer = ar.result();
          if (answer.hasErrorResponse()) {
            return Future.failedFuture("backend '" + backend.config().name() + "' does not know " + what + " ("
                + answer.getErrorResponse().getErrorMessage() + ")");
          }
          return Future.succeededFuture(answer);
        });
  }

  private static Future<List<FileDescriptorProto>> parse(List<ByteString> raw) {
    List<FileDescriptorProto> files = new ArrayList<>();
    try {
      for (ByteString bytes : raw) {
        files.add(FileDescriptorProto.parseFrom(bytes));
      }
    } catch (InvalidProtocolBufferException e) {
      return Future.failedFuture("server reflection sent a descriptor that cannot be read: " + e.getMessage());
    }
    return Future.succeededFuture(files);
  }
}

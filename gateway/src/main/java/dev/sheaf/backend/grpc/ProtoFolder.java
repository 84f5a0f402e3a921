package dev.sheaf.backend.grpc;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.squareup.wire.schema.Location;
import com.squareup.wire.schema.ProtoFile;
import com.squareup.wire.schema.Schema;
import com.squareup.wire.schema.SchemaLoader;
import dev.sheaf.config.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads a configuration's proto folder ({@code <schemaDir>/protos}) at run time: {@code .proto}
 * sources, parsed and linked here so the stock gateway needs no protoc and no rebuild, and compiled
 * descriptor sets ({@code buf build -o x.binpb}, {@code protoc --descriptor_set_out=x.pb}). Blocking:
 * call it on a worker. Calling it again reads the folder afresh, as a reload needs.
 */
public final class ProtoFolder {

  private static final List<String> DESCRIPTOR_SET_SUFFIXES = List.of(".pb", ".binpb", ".desc");

  private ProtoFolder() {
  }

  /** The folder's files as descriptors, or none when the folder does not exist. */
  public static List<FileDescriptorProto> read(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<Path> sources = new ArrayList<>();
    List<Path> descriptorSets = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.filter(Files::isRegularFile).sorted().forEach(file -> {
        String name = file.getFileName().toString();
        if (name.endsWith(".proto")) {
          sources.add(file);
        } else if (DESCRIPTOR_SET_SUFFIXES.stream().anyMatch(name::endsWith)) {
          descriptorSets.add(file);
        }
      });
    } catch (IOException e) {
      throw new ConfigException(dir + ": cannot be listed (" + e.getMessage() + ")", e);
    }
    List<FileDescriptorProto> files = new ArrayList<>();
    if (!sources.isEmpty()) {
      files.addAll(parse(dir));
    }
    descriptorSets.forEach(set -> files.addAll(descriptorSet(set)));
    return files;
  }

  private static List<FileDescriptorProto> parse(Path dir) {
    SchemaLoader loader = new SchemaLoader(FileSystems.getDefault());
    loader.initRoots(List.of(Location.get(dir.toString())), List.of());
    Schema schema;
    try {
      schema = loader.loadSchema();
    } catch (Exception e) {
      // Wire reports syntax errors, unresolved types and missing imports as exceptions (some checked, undeclared).
      throw new ConfigException(ProtoErrors.describe(e, dir), e);
    }
    List<FileDescriptorProto> files = new ArrayList<>();
    for (ProtoFile file : loader.getSourcePathFiles()) {
      files.add(WireDescriptors.of(schema, schema.protoFile(file.getLocation().getPath())));
    }
    return files;
  }

  private static List<FileDescriptorProto> descriptorSet(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return FileDescriptorSet.parseFrom(in).getFileList();
    } catch (IOException e) {
      throw new ConfigException(file + ": not a protobuf descriptor set (" + e.getMessage() + "); write it with "
          + "buf build -o FILE.binpb or protoc --include_imports --descriptor_set_out=FILE.pb, or remove it");
    }
  }
}

package dev.sheaf.graphql;

import dev.sheaf.authz.AccessDirectives;
import dev.sheaf.config.ConfigException;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import graphql.schema.idl.errors.SchemaProblem;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Reads and merges every {@code *.graphqls} file of the schema directory (one per domain or team). */
public final class SchemaFiles {

  private SchemaFiles() {
  }

  public static TypeDefinitionRegistry load(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new ConfigException(dir + ": schema directory not found; point --schema (or schemaDir in the "
          + "config file) at the folder holding your *.graphqls files");
    }
    List<Path> files;
    try (Stream<Path> listing = Files.list(dir)) {
      files = listing.filter(p -> p.toString().endsWith(".graphqls")).sorted().toList();
    } catch (IOException e) {
      throw new ConfigException(dir + ": cannot be listed (" + e.getMessage() + ")", e);
    }
    if (files.isEmpty()) {
      throw new ConfigException(dir + ": no *.graphqls files; add at least one with a Query type");
    }
    TypeDefinitionRegistry merged = new TypeDefinitionRegistry();
    for (Path file : files) {
      try (Reader reader = Files.newBufferedReader(file)) {
        merged.merge(new SchemaParser().parse(reader));
      } catch (SchemaProblem e) {
        throw new ConfigException(file + ": " + describe(e), e);
      } catch (IOException e) {
        throw new ConfigException(file + ": cannot be read (" + e.getMessage() + ")", e);
      }
    }
    AccessDirectives.declare(merged);
    return merged;
  }

  static String describe(SchemaProblem problem) {
    return problem.getErrors().stream().map(e -> {
      String line = e.getLocations() == null || e.getLocations().isEmpty() ? ""
          : "line " + e.getLocations().get(0).getLine() + ": ";
      return line + e.getMessage();
    }).collect(Collectors.joining("; "));
  }
}

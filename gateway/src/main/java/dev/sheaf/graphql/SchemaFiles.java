package dev.sheaf.graphql;

import dev.sheaf.authz.AccessDirectives;
import dev.sheaf.config.ConfigException;
import graphql.language.ObjectTypeDefinition;
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

  private static final List<String> ROOTS = List.of("Query", "Mutation");

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
      throw new ConfigException(dir + ": no *.graphqls files; add at least one with a Query type or an extend type Query");
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
    supplyRoots(merged);
    AccessDirectives.declare(merged);
    return merged;
  }

  /**
   * Every team adds its root fields with {@code extend type Query} (or {@code Mutation}), so no one
   * team's file has to hold the base type: when only extensions of a root exist, an empty base is
   * supplied for them to extend. A schema definition ({@code schema { query: … }}) names its own
   * roots and is left alone.
   */
  static void supplyRoots(TypeDefinitionRegistry registry) {
    if (registry.schemaDefinition().isPresent()) {
      return;
    }
    for (String root : ROOTS) {
      if (registry.getType(root).isEmpty() && registry.objectTypeExtensions().containsKey(root)) {
        registry.add(ObjectTypeDefinition.newObjectTypeDefinition().name(root).build());
      }
    }
  }

  static String describe(SchemaProblem problem) {
    return problem.getErrors().stream().map(e -> {
      String line = e.getLocations() == null || e.getLocations().isEmpty() ? ""
          : "line " + e.getLocations().get(0).getLine() + ": ";
      return line + e.getMessage();
    }).collect(Collectors.joining("; "));
  }
}

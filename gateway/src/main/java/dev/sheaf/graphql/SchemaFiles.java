package dev.sheaf.graphql;

import dev.sheaf.authz.AccessDirectives;
import dev.sheaf.config.ConfigException;
import dev.sheaf.config.ConfigProblems;
import graphql.language.ObjectTypeDefinition;
import graphql.language.SourceLocation;
import graphql.parser.MultiSourceReader;
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
      // Named sources: every definition knows its file, so a problem found later can name it.
      try (Reader reader = MultiSourceReader.newMultiSourceReader()
          .reader(Files.newBufferedReader(file), file.toString()).trackData(false).build()) {
        merged.merge(new SchemaParser().parse(reader));
      } catch (SchemaProblem e) {
        throw new ConfigException(describe(e, file.toString()), e);
      } catch (IOException e) {
        throw new ConfigException(file + ": cannot be read (" + e.getMessage() + ")", e);
      }
    }
    supplyRoots(merged);
    AccessDirectives.declare(merged);
    ConfigProblems problems = new ConfigProblems("Invalid schema:", "problems in the schema:");
    TypeReferences.check(merged, problems);
    problems.throwIfAny();
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

  /**
   * Each error as {@code file:line: message}.
   *
   * @param source what to name when an error's location has no file (or there is no location)
   */
  static String describe(SchemaProblem problem, String source) {
    return problem.getErrors().stream().map(e -> {
      if (e.getLocations() == null || e.getLocations().isEmpty()) {
        return source + ": " + e.getMessage();
      }
      SourceLocation at = e.getLocations().get(0);
      return (at.getSourceName() == null ? source : at.getSourceName()) + ":" + at.getLine() + ": " + e.getMessage();
    }).collect(Collectors.joining("; "));
  }
}

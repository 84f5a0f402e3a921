package dev.sheaf.check;

import dev.sheaf.binding.BindingLoader;
import dev.sheaf.config.ConfigException;
import dev.sheaf.config.GatewayConfig;
import dev.sheaf.graphql.GraphQLExecutor;
import dev.sheaf.graphql.SchemaFiles;
import graphql.language.Document;
import graphql.language.SourceLocation;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import graphql.schema.GraphQLSchema;
import graphql.schema.diff.DiffLevel;
import graphql.schema.diff.SchemaDiff;
import graphql.schema.diff.SchemaDiffSet;
import graphql.schema.diff.reporting.CapturingReporter;
import graphql.validation.ValidationError;
import graphql.validation.Validator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Compares a configuration's schema with a previous one before it ships: the differences graphql-java's
 * schema diff finds (breaking, dangerous, additions), and the stored operations, with their REST
 * endpoints, that validated against the previous schema and no longer validate against this one.
 * Reads files: never call it on an event loop.
 */
public final class SchemaCompatibility {

  private final GatewayConfig config;
  private final Map<String, String> env;

  /** @param env the environment binding files' placeholders are read from */
  public SchemaCompatibility(GatewayConfig config, Map<String, String> env) {
    this.config = config;
    this.env = env;
  }

  /**
   * @param previous the previous configuration (its schema in {@code schema/}) or its schema folder
   *                 itself (holding the {@code *.graphqls} files)
   */
  public CompatibilityReport against(Path previous) {
    Path previousDir = previousSchemaDir(previous.normalize());
    GraphQLSchema before = GraphQLExecutor.shapeOf(SchemaFiles.load(previousDir));
    GraphQLSchema now = GraphQLExecutor.shapeOf(SchemaFiles.load(config.schemaDir()));
    List<BindingLoader.LoadedFile> bindings = new BindingLoader(config.vars(), env, config.backendTls()).read(config.resolversDir()).files();
    List<BrokenOperation> broken = new ArrayList<>();
    for (StoredOperations.Stored stored : StoredOperations.read(config.schemaDir().resolve("operations"), bindings)) {
      BrokenOperation operation = brokenBy(stored, before, now);
      if (operation != null) {
        broken.add(operation);
      }
    }
    return new CompatibilityReport(previousDir.toString(), changes(before, now), broken);
  }

  /** {@code <dir>/schema} when there is one, else the directory itself if it holds *.graphqls files. */
  static Path previousSchemaDir(Path previous) {
    Path schema = previous.resolve("schema");
    if (Files.isDirectory(schema)) {
      return schema;
    }
    if (holdsSchemaFiles(previous)) {
      return previous;
    }
    throw new ConfigException(previous + ": --against names neither a configuration (a folder with schema/) nor a "
        + "schema folder (with *.graphqls files); point it at a checkout of the configuration that runs now");
  }

  private static boolean holdsSchemaFiles(Path dir) {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.anyMatch(f -> f.toString().endsWith(".graphqls"));
    } catch (IOException e) {
      throw new ConfigException(dir + ": cannot be listed (" + e.getMessage() + ")", e);
    }
  }

  /** Breaking changes first, then dangerous ones, then the rest; not the diff's "examining …" notes. */
  private static List<SchemaChange> changes(GraphQLSchema before, GraphQLSchema now) {
    CapturingReporter reporter = new CapturingReporter();
    new SchemaDiff().diffSchema(SchemaDiffSet.diffSetFromIntrospection(before, now), reporter);
    return reporter.getEvents().stream()
        .filter(event -> event.getCategory() != null)
        .map(SchemaChange::of)
        .sorted(Comparator.comparing(SchemaChange::level, Comparator.comparingInt(SchemaCompatibility::severity)))
        .toList();
  }

  private static int severity(DiffLevel level) {
    return switch (level) {
      case BREAKING -> 0;
      case DANGEROUS -> 1;
      case INFO -> 2;
    };
  }

  /**
   * @return the operation and what no longer validates, or null when it still validates, or did not
   *         validate before either (then the change did not break it, and start-up reports it)
   */
  private static BrokenOperation brokenBy(StoredOperations.Stored stored, GraphQLSchema before, GraphQLSchema now) {
    Document document;
    try {
      document = Parser.parse(stored.text());
    } catch (InvalidSyntaxException e) {
      return null;
    }
    Validator validator = new Validator();
    if (!validator.validateDocument(before, document, Locale.ENGLISH).isEmpty()) {
      return null;
    }
    List<ValidationError> errors = validator.validateDocument(now, document, Locale.ENGLISH);
    if (errors.isEmpty()) {
      return null;
    }
    List<String> problems = errors.stream().map(e -> lineOf(e) + e.getDescription()).toList();
    return new BrokenOperation(stored.origin(), problems, stored.endpoints());
  }

  private static String lineOf(ValidationError error) {
    List<SourceLocation> locations = error.getLocations();
    return locations == null || locations.isEmpty() || locations.get(0).getLine() < 1 ? ""
        : "line " + locations.get(0).getLine() + ": ";
  }
}

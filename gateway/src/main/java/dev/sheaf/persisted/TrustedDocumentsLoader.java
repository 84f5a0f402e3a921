package dev.sheaf.persisted;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sheaf.config.ConfigException;
import dev.sheaf.graphql.QueryLimits;
import graphql.GraphQLError;
import graphql.ParseAndValidate;
import graphql.language.Document;
import graphql.language.OperationDefinition;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import graphql.schema.GraphQLSchema;
import graphql.validation.ValidationError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads the trusted-documents manifests of a configuration: every {@code *.json} file of its
 * {@code trusted/} folder, each either Apollo's persisted query manifest
 * ({@code {"format":"apollo-persisted-query-manifest","version":1,"operations":[{"id","name","type","body"}]}})
 * or Relay's {@code persisted_queries.json} ({@code {"<id>":"<text>"}}). Every operation is parsed,
 * validated against the schema and measured against the query limits here, once: a broken one
 * stops the start or the reload, naming its file and operation, instead of failing each request.
 * Reads files: call it off the event loops.
 */
public final class TrustedDocumentsLoader {

  /** The folder, inside the schema folder, that holds the manifests. */
  public static final String FOLDER = "trusted";

  static final String APOLLO_FORMAT = "apollo-persisted-query-manifest";

  private final ObjectMapper json = new ObjectMapper();
  private final GraphQLSchema schema;
  private final QueryLimits limits;

  public TrustedDocumentsLoader(GraphQLSchema schema, QueryLimits limits) {
    this.schema = schema;
    this.limits = limits;
  }

  /** One operation as a manifest lists it. */
  private record Listed(Path file, String id, String name, String text) {

    String describe() {
      return file + ": operation " + (name == null || name.isBlank() ? "" : "'" + name + "' ") + "(id " + id + ")";
    }
  }

  /** The manifests of {@code dir}; none when it does not exist. */
  public TrustedDocuments load(Path dir) {
    if (!Files.isDirectory(dir)) {
      return TrustedDocuments.none();
    }
    List<String> problems = new ArrayList<>();
    Map<String, Listed> byId = new LinkedHashMap<>();
    for (Path file : manifests(dir)) {
      for (Listed listed : read(file, problems)) {
        Listed earlier = byId.putIfAbsent(listed.id(), listed);
        if (earlier != null && !earlier.text().equals(listed.text())) {
          problems.add(listed.describe() + ": the id is also " + earlier.describe() + ", with another text");
        } else if (earlier == null) {
          check(listed, problems);
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException("trusted documents: " + problems.size() + " problem(s):\n  "
          + String.join("\n  ", problems));
    }
    Map<String, String> textById = new LinkedHashMap<>();
    byId.forEach((id, listed) -> textById.put(id, listed.text()));
    return new TrustedDocuments(textById);
  }

  private static List<Path> manifests(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(Files::isRegularFile)
          .filter(p -> p.getFileName().toString().endsWith(".json") && !p.getFileName().toString().startsWith("."))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new ConfigException(dir + ": cannot list the trusted-documents manifests (" + e.getMessage() + ")", e);
    }
  }

  private List<Listed> read(Path file, List<String> problems) {
    JsonNode root;
    try {
      root = json.readTree(Files.readString(file));
    } catch (JsonProcessingException e) {
      problems.add(file + ": not JSON (" + e.getOriginalMessage() + " at line " + e.getLocation().getLineNr() + ")");
      return List.of();
    } catch (IOException e) {
      problems.add(file + ": cannot be read (" + e.getMessage() + ")");
      return List.of();
    }
    if (root != null && root.isObject() && root.has("format")) {
      return apollo(file, root, problems);
    }
    if (root != null && root.isObject() && !root.isEmpty()) {
      return relay(file, root, problems);
    }
    problems.add(file + ": expected Apollo's persisted query manifest ({\"format\":\"" + APOLLO_FORMAT
        + "\",\"version\":1,\"operations\":[…]}) or Relay's persisted_queries.json ({\"<id>\":\"<query>\"})");
    return List.of();
  }

  private static List<Listed> apollo(Path file, JsonNode root, List<String> problems) {
    if (!APOLLO_FORMAT.equals(root.path("format").asText()) || root.path("version").asInt() != 1
        || !root.path("operations").isArray()) {
      problems.add(file + ": expected \"format\": \"" + APOLLO_FORMAT + "\", \"version\": 1 and an \"operations\" list");
      return List.of();
    }
    List<Listed> listed = new ArrayList<>();
    int index = 0;
    for (JsonNode operation : root.path("operations")) {
      String id = operation.path("id").isTextual() ? operation.path("id").asText() : null;
      String body = operation.path("body").isTextual() ? operation.path("body").asText() : null;
      if (id == null || id.isBlank() || body == null || body.isBlank()) {
        problems.add(file + ": operations[" + index + "] needs a non-empty \"id\" and \"body\"");
      } else {
        listed.add(new Listed(file, id, operation.path("name").asText(null), body));
      }
      index++;
    }
    return listed;
  }

  private static List<Listed> relay(Path file, JsonNode root, List<String> problems) {
    List<Listed> listed = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> entries = root.fields(); entries.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = entries.next();
      if (!entry.getValue().isTextual() || entry.getValue().asText().isBlank()) {
        problems.add(file + ": \"" + entry.getKey() + "\" must map to the operation's text");
      } else {
        listed.add(new Listed(file, entry.getKey(), null, entry.getValue().asText()));
      }
    }
    return listed;
  }

  /** Parses, validates and measures one operation, as a client's document would be. */
  private void check(Listed listed, List<String> problems) {
    Document document;
    try {
      document = Parser.parse(listed.text());
    } catch (InvalidSyntaxException e) {
      problems.add(named(listed, null) + ": " + e.getMessage());
      return;
    }
    List<ValidationError> invalid = ParseAndValidate.validate(schema, document);
    List<? extends GraphQLError> errors = invalid.isEmpty() ? limits.check(document) : invalid;
    for (GraphQLError error : errors) {
      problems.add(named(listed, document) + ": " + error.getMessage());
    }
  }

  // Relay's manifest names no operation: the document does.
  private static String named(Listed listed, Document document) {
    if (listed.name() != null || document == null) {
      return listed.describe();
    }
    String name = document.getDefinitionsOfType(OperationDefinition.class).stream()
        .map(OperationDefinition::getName).filter(n -> n != null).findFirst().orElse(null);
    return new Listed(listed.file(), listed.id(), name, listed.text()).describe();
  }
}

package dev.sheaf.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads YAML config into records, rejecting unknown keys. The text is parsed first; then
 * {@code ${NAME}} placeholders are replaced in its string values (when this reader has
 * {@link Placeholders}); then the values become records. Every failure becomes a
 * {@link ConfigException} that names the file, the line and the key path.
 */
public final class YamlFiles {

  private final ObjectMapper mapper = new ObjectMapper(new YAMLFactory())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
  private final Placeholders placeholders;

  /** A reader that leaves {@code ${…}} as written. */
  public YamlFiles() {
    this(null);
  }

  /** @param placeholders what {@code ${NAME}} in string values resolves to; null for nothing */
  public YamlFiles(Placeholders placeholders) {
    this.placeholders = placeholders;
  }

  public <T> T read(Path file, String text, Class<T> type) {
    YamlLocator locator = new YamlLocator(text);
    return convert(file, locator, tree(file, text, locator), type);
  }

  /** The file's values, placeholders replaced, for a reader that checks its keys itself. */
  public JsonNode tree(Path file, String text, YamlLocator locator) {
    JsonNode tree = parse(file, text);
    return placeholders == null ? tree : placeholders.substitute(tree, file, locator);
  }

  public <T> T read(Path file, Class<T> type) {
    return read(file, text(file), type);
  }

  /** The file's text, or a {@link ConfigException} naming it. */
  public static String text(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot be read (" + e.getMessage() + ")", e);
    }
  }

  private JsonNode parse(Path file, String text) {
    JsonNode tree;
    try {
      tree = mapper.readTree(text);
    } catch (JsonMappingException e) {
      throw new ConfigException(where(file, e) + e.getOriginalMessage(), e);
    } catch (JsonProcessingException e) {
      if (e.getCause() instanceof MarkedYAMLException marked) {
        throw new ConfigException(YamlSyntax.describe(file, text, marked), e);
      }
      throw new ConfigException(where(file, e) + "not valid YAML: " + e.getOriginalMessage(), e);
    }
    if (tree == null || tree.isMissingNode() || tree.isNull()) {
      throw new ConfigException(file + ": the file is empty; see the README for its format");
    }
    return tree;
  }

  // The tree holds no lines; the composed YAML text knows each key's line.
  public <T> T convert(Path file, YamlLocator locator, JsonNode tree, Class<T> type) {
    try {
      return mapper.treeToValue(tree, type);
    } catch (UnrecognizedPropertyException e) {
      String known = e.getKnownPropertyIds() == null ? "" : e.getKnownPropertyIds().stream()
          .map(Object::toString).sorted().collect(Collectors.joining(", "));
      throw new ConfigException(where(file, locator, e) + "unknown key '" + e.getPropertyName() + "'"
          + keyPath(e) + "; allowed keys here: " + known, e);
    } catch (InvalidFormatException e) {
      throw new ConfigException(where(file, locator, e) + "'" + e.getValue() + "' is not a valid "
          + e.getTargetType().getSimpleName() + keyPath(e), e);
    } catch (MismatchedInputException e) {
      throw new ConfigException(where(file, locator, e) + "wrong shape" + keyPath(e) + ": expected "
          + describe(e.getTargetType()), e);
    } catch (JsonMappingException e) {
      Throwable cause = e.getCause() instanceof ConfigException ? e.getCause() : e;
      throw new ConfigException(where(file, locator, e) + cause.getMessage().lines().findFirst().orElse(""), e);
    } catch (JsonProcessingException e) {
      throw new ConfigException(where(file, e) + "not valid YAML: " + e.getOriginalMessage(), e);
    }
  }

  private static String where(Path file, YamlLocator locator, JsonMappingException e) {
    int line = locator.lineOf(e.getPath().stream()
        .map(r -> r.getFieldName() == null ? String.valueOf(r.getIndex()) : r.getFieldName())
        .toArray(String[]::new));
    return line > 0 ? file + ":" + line + ": " : where(file, e);
  }

  private static String where(Path file, JsonProcessingException e) {
    JsonLocation loc = e.getLocation();
    return loc == null || loc.getLineNr() < 0 ? file + ": " : file + ":" + loc.getLineNr() + ": ";
  }

  private static String keyPath(JsonMappingException e) {
    String path = e.getPath().stream()
        .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
        .collect(Collectors.joining("."));
    return path.isEmpty() ? "" : " (at " + path + ")";
  }

  private static String describe(Class<?> type) {
    if (type == null) {
      return "another type";
    }
    if (java.util.Map.class.isAssignableFrom(type) || type.isRecord()) {
      return "a mapping of keys to values";
    }
    if (java.util.List.class.isAssignableFrom(type)) {
      return "a list";
    }
    return "a " + type.getSimpleName().toLowerCase(java.util.Locale.ROOT);
  }
}

package dev.sheaf.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${NAME}} and {@code ${NAME:-default}} in the string values of a parsed YAML
 * file, so one file serves every environment (backend URLs differ between staging and production),
 * and {@code ${file:/run/secrets/x}} with the content of that file (one trailing line break
 * dropped), so a secret mounted by the platform never has to be written into a file kept in git.
 * Working on parsed values, not on the text, means a placeholder in a comment is only a comment,
 * and a value holding {@code #}, {@code ": "} or a line break stays that value instead of
 * rewriting the document. A replaced value is not searched again for placeholders.
 */
public final class Placeholders {

  private static final Pattern PLACEHOLDER =
      Pattern.compile("\\$\\{(?:file:(?<file>[^}]+)|(?<name>[A-Za-z_][A-Za-z0-9_]*)(?::-(?<fallback>[^}]*))?)}");

  private final Map<String, String> vars;
  private final Map<String, String> env;

  /**
   * @param vars consulted first (lets one process host several gateways, as the tests do)
   * @param env  the process environment, consulted next
   */
  public Placeholders(Map<String, String> vars, Map<String, String> env) {
    this.vars = Map.copyOf(vars);
    this.env = Map.copyOf(env);
  }

  /** Placeholders that resolve from the process environment only. */
  public static Placeholders fromEnvironment(Map<String, String> env) {
    return new Placeholders(Map.of(), env);
  }

  /**
   * The tree with its string values substituted; the tree passed in is left as it is.
   *
   * @throws ConfigException naming the file, line and key of every unset variable without default
   *                         and of every secret file that cannot be read (never its content)
   */
  public JsonNode substitute(JsonNode tree, Path file, YamlLocator locator) {
    ConfigProblems unresolved = new ConfigProblems("Unresolved placeholder:", "unresolved placeholders:");
    JsonNode result = walk(tree.deepCopy(), new ArrayList<>(), file, locator, unresolved);
    unresolved.throwIfAny();
    return result;
  }

  private JsonNode walk(JsonNode node, List<String> path, Path file, YamlLocator locator, ConfigProblems unresolved) {
    if (node instanceof ObjectNode object) {
      for (var names = object.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        path.add(name);
        object.replace(name, walk(object.get(name), path, file, locator, unresolved));
        path.remove(path.size() - 1);
      }
      return object;
    }
    if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        path.add(String.valueOf(i));
        array.set(i, walk(array.get(i), path, file, locator, unresolved));
        path.remove(path.size() - 1);
      }
      return array;
    }
    if (node.isTextual() && node.textValue().contains("${")) {
      return TextNode.valueOf(replace(node.textValue(), path, file, locator, unresolved));
    }
    return node;
  }

  private String replace(String text, List<String> path, Path file, YamlLocator locator, ConfigProblems unresolved) {
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    while (m.find()) {
      if (m.group("file") != null) {
        m.appendReplacement(out, Matcher.quoteReplacement(readSecret(m.group("file"), path, file, locator, unresolved)));
        continue;
      }
      String name = m.group("name");
      String value = vars.containsKey(name) ? vars.get(name) : env.get(name);
      if (value == null) {
        value = m.group("fallback");
      }
      if (value == null) {
        unresolved.add(file, locator.lineOf(path.toArray(String[]::new)), String.join(".", path), "${" + name
            + "} is not set; set the environment variable " + name + " or give a default, e.g. ${" + name + ":-value}");
        value = "";
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String readSecret(String secretFile, List<String> path, Path file, YamlLocator locator,
                                   ConfigProblems unresolved) {
    try {
      String content = Files.readString(Path.of(secretFile.trim()));
      return content.endsWith("\r\n") ? content.substring(0, content.length() - 2)
          : content.endsWith("\n") ? content.substring(0, content.length() - 1) : content;
    } catch (IOException | InvalidPathException e) {
      // The reason names the path and the failure only: never anything the file holds.
      unresolved.add(file, locator.lineOf(path.toArray(String[]::new)), String.join(".", path), "${file:" + secretFile
          + "} cannot be read (" + e.getClass().getSimpleName() + "); mount the secret there or fix the path");
      return "";
    }
  }
}

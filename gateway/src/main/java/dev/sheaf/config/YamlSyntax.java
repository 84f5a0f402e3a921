package dev.sheaf.config;

import java.nio.file.Path;
import java.util.List;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Says what a YAML syntax error means for a config file, at the line of the slip itself: the
 * parser's own words ("while parsing a block mapping … expected &lt;block end&gt;") name the
 * mapping it was in, not what to change.
 */
final class YamlSyntax {

  private YamlSyntax() {
  }

  static String describe(Path file, String text, MarkedYAMLException e) {
    Mark problem = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
    if (problem == null) {
      return file + ": not valid YAML: " + e.getProblem();
    }
    List<String> lines = text.lines().toList();
    int line = problem.getLine() + 1;
    String where = file + ":" + line + ": not valid YAML: ";
    String found = line <= lines.size() ? lines.get(line - 1).strip() : "";
    String parser = " (the YAML parser: " + e.getProblem() + ")";
    Mark context = e.getContextMark();
    if (e.getProblem() != null && e.getProblem().startsWith("expected <block end>") && context != null) {
      return where + "'" + found + "' is indented " + problem.getColumn() + " spaces, which lines it up with no "
          + "key above it: the keys of the mapping it is in (from line " + (context.getLine() + 1) + ") are indented "
          + context.getColumn() + "; indent it exactly as the keys it belongs with" + parser;
    }
    if ("mapping values are not allowed here".equals(e.getProblem())) {
      return where + "a ': ' where a plain value was expected in '" + found + "': quote a value that holds ': ', "
          + "or put the key on a line of its own, indented under its parent" + parser;
    }
    if (e.getProblem() != null && e.getProblem().contains("could not find expected ':'")) {
      return where + "a key without ':' (or a value continued on a line of its own) near '" + found
          + "': write key: value, one per line" + parser;
    }
    if (e.getProblem() != null && e.getProblem().contains("found character '\\t'")) {
      return where + "a tab in the indentation; YAML indents with spaces only" + parser;
    }
    return where + "at column " + (problem.getColumn() + 1) + " of '" + found + "': " + e.getProblem()
        + (e.getContext() == null || context == null ? ""
        : " (" + e.getContext() + " that starts at line " + (context.getLine() + 1) + ")");
  }
}

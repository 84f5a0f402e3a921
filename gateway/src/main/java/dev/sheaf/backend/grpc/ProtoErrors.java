package dev.sheaf.backend.grpc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites the .proto parser's errors for an operator: the file and line first, then what is
 * wrong and how to fix it.
 */
final class ProtoErrors {

  private static final Pattern SYNTAX = Pattern.compile("(?s)Syntax error in (\\S+?:\\d+:\\d+): (.*)");
  private static final Pattern MISSING_IMPORT = Pattern.compile("(?s)unable to find (\\S+).*for file (\\S+)\\s*");
  private static final Pattern LOCATION = Pattern.compile("\\((\\S+?\\.proto:\\d+:\\d+)\\)");

  private ProtoErrors() {
  }

  static String describe(Exception e, Path dir) {
    String message = String.valueOf(e.getMessage()).strip();
    Matcher syntax = SYNTAX.matcher(message);
    if (syntax.matches()) {
      return syntax.group(1) + ": syntax error: " + syntax.group(2) + "; fix the .proto file";
    }
    // One report may hold several problems, each starting on an unindented line; a missing import
    // comes first since the others often follow from it.
    List<String> problems = new ArrayList<>();
    for (String problem : message.split("\n(?=\\S)")) {
      Matcher missing = MISSING_IMPORT.matcher(problem);
      if (missing.matches()) {
        problems.add(0, missingImport(missing.group(2), missing.group(1), dir));
      } else {
        problems.add(located(problem, dir));
      }
    }
    return String.join("\n", problems);
  }

  private static String located(String problem, Path dir) {
    Matcher location = LOCATION.matcher(problem);
    String where = location.find() ? location.group(1) : dir.toString();
    String what = String.join("; ", problem.lines().map(String::strip).filter(l -> !l.isEmpty()).toList())
        .replace(":;", ":");
    return where + ": " + what + (problem.startsWith("unable to resolve")
        ? "; fix the type's name (with its package), or import the file that defines it"
        : "; fix the .proto file");
  }

  private static String missingImport(String file, String imported, Path dir) {
    String fix = imported.startsWith("google/protobuf/")
        ? "the .proto parser knows google/protobuf/{any,duration,empty,field_mask,struct,timestamp,wrappers,descriptor}"
        + ".proto; for another file compile the protos into a descriptor set (buf build -o protos.binpb) instead"
        : "add it under " + dir + " at that path (" + dir.resolve(imported) + "), or remove the import";
    return file + lineOf(file, imported) + ": imports \"" + imported + "\", which is not found; " + fix;
  }

  /** ":N" for the line of the file that imports it, or nothing if the file cannot be read again. */
  private static String lineOf(String file, String imported) {
    try {
      List<String> lines = Files.readAllLines(Path.of(file));
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).contains("\"" + imported + "\"")) {
          return ":" + (i + 1);
        }
      }
    } catch (IOException | RuntimeException e) {
      // The message still names the file.
    }
    return "";
  }
}

package dev.sheaf.check;

import java.util.ArrayList;
import java.util.List;

/**
 * What a schema change does to the clients of the previous schema: the differences, and the
 * stored operations (with their REST endpoints) it breaks.
 *
 * @param previousSchema where the previous schema was read, for the report's first line
 */
public record CompatibilityReport(String previousSchema, List<SchemaChange> changes, List<BrokenOperation> broken) {

  /** The check's exit status when the change breaks the previous schema's clients. */
  public static final int BREAKING_EXIT_STATUS = 2;

  public CompatibilityReport {
    changes = List.copyOf(changes);
    broken = List.copyOf(broken);
  }

  public boolean breaking() {
    return !broken.isEmpty() || changes.stream().anyMatch(SchemaChange::breaking);
  }

  /** {@value #BREAKING_EXIT_STATUS} when the change is breaking, 0 otherwise. */
  public int exitStatus() {
    return breaking() ? BREAKING_EXIT_STATUS : 0;
  }

  /** The readable report: a summary, one line per change, then each broken operation and its endpoints. */
  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    long breakingChanges = changes.stream().filter(SchemaChange::breaking).count();
    lines.add("Schema compared with " + previousSchema + ": " + (breaking() ? "BREAKING" : "compatible") + " ("
        + breakingChanges + " breaking of " + changes.size() + " changes, " + broken.size()
        + " stored operations broken)");
    changes.forEach(change -> lines.add("  " + change.line()));
    if (!broken.isEmpty()) {
      lines.add("Stored operations that no longer validate against the new schema:");
    }
    for (BrokenOperation operation : broken) {
      lines.add("  " + operation.origin());
      operation.problems().forEach(problem -> lines.add("    " + problem));
      operation.endpoints().forEach(endpoint -> lines.add("    breaks endpoint " + endpoint));
      if (operation.endpoints().isEmpty()) {
        lines.add("    (no endpoint runs it)");
      }
    }
    return lines;
  }
}

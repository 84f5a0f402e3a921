package dev.sheaf.perf.report;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Renders a run directory into Markdown: {@code ResultsWriter RUN_DIR OUT.md}. A soak run
 * ({@code mode=soak} in run.properties) renders the heap-over-time report.
 */
public final class ResultsWriter {

  private ResultsWriter() {
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: ResultsWriter RUN_DIR OUT.md");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    if (!Files.isRegularFile(dir.resolve("run.properties"))) {
      System.err.println(dir + " is not a run directory (no run.properties); pick one under perf/results/");
      System.exit(2);
    }
    RunData run = RunData.load(dir);
    Report report = new Report(run);
    String markdown = "soak".equals(run.prop("mode")) ? report.soak() : report.main();
    Files.writeString(Path.of(args[1]), markdown);
    System.out.println("wrote " + args[1]);
  }
}

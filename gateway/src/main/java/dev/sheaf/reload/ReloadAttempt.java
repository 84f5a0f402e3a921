package dev.sheaf.reload;

import java.time.Instant;
import java.util.List;

/**
 * What one reload did.
 *
 * @param trigger      what asked for it: the file watch, SIGHUP, the admin route
 * @param outcome      whether the configuration was swapped in, was the same, or was refused
 * @param version      the version the attempt built (null when it could not be built)
 * @param problems     why it was refused, one line each, naming files and lines
 * @param needsRestart settings that changed but only take effect at the next start
 */
public record ReloadAttempt(Instant at, String trigger, Outcome outcome, String version, List<String> problems,
                            List<String> needsRestart) {

  public enum Outcome { APPLIED, UNCHANGED, REFUSED }

  public ReloadAttempt {
    problems = List.copyOf(problems);
    needsRestart = List.copyOf(needsRestart);
  }
}

package dev.sheaf.binding;

import dev.sheaf.binding.BindingFileSpec.RetrySpec;
import dev.sheaf.config.ConfigProblems;
import java.time.Duration;

/** Reads the keys under {@code backends.NAME.retry} over the defaults, reporting each wrong one at its line. */
final class RetryCompiler {

  private final SectionKeys keys;

  RetryCompiler(BindingLoader.LoadedFile file, String backend, ConfigProblems problems) {
    this.keys = new SectionKeys(file, backend, "retry", problems);
  }

  /** @return the settings, or null for {@code off}; check {@link #failed()} before using them */
  BackendConfig.Retry compile(RetrySpec spec) {
    if (spec == RetrySpec.OFF) {
      return null;
    }
    BackendConfig.Retry d = BackendConfig.Retry.DEFAULT;
    int attempts = keys.positive("attempts", spec.attempts(), d.attempts());
    if (attempts < 2) {
      keys.report("attempts", "counts the first call too: at least 2 for a retry (or retry: off), got " + attempts);
    }
    Duration backoff = keys.duration("backoff", spec.backoff(), d.backoff());
    Duration maxBackoff = keys.duration("maxBackoff", spec.maxBackoff(), d.maxBackoff());
    if (maxBackoff.compareTo(backoff) < 0) {
      keys.report("maxBackoff", "must not be shorter than backoff (" + spec.backoff() + ")");
    }
    return new BackendConfig.Retry(attempts, backoff, maxBackoff, keys.percent("budget", spec.budget(), d.budget()),
        keys.positive("burst", spec.burst(), d.burst()));
  }

  /** Whether a key was wrong (and reported). */
  boolean failed() {
    return keys.failed();
  }
}

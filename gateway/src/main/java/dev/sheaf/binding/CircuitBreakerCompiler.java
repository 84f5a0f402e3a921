package dev.sheaf.binding;

import dev.sheaf.binding.BindingFileSpec.CircuitBreakerSpec;
import dev.sheaf.config.ConfigException;
import dev.sheaf.config.ConfigProblems;
import dev.sheaf.config.Durations;
import java.time.Duration;

/**
 * Reads the keys under {@code backends.NAME.circuitBreaker} over the defaults, reporting each wrong
 * one at its file, line and key.
 */
final class CircuitBreakerCompiler {

  private final BindingLoader.LoadedFile file;
  private final String backend;
  private final ConfigProblems problems;
  private boolean failed;

  CircuitBreakerCompiler(BindingLoader.LoadedFile file, String backend, ConfigProblems problems) {
    this.file = file;
    this.backend = backend;
    this.problems = problems;
  }

  /** @return the settings, or null for {@code off}; check {@link #failed()} before using them */
  BackendConfig.CircuitBreaker compile(CircuitBreakerSpec spec) {
    if (spec == CircuitBreakerSpec.OFF) {
      return null;
    }
    BackendConfig.CircuitBreaker d = BackendConfig.CircuitBreaker.DEFAULT;
    return new BackendConfig.CircuitBreaker(
        percent("failureRate", spec.failureRate(), d.failureRate()),
        duration("slowCallDuration", spec.slowCallDuration(), d.slowCallDuration()),
        percent("slowCallRate", spec.slowCallRate(), d.slowCallRate()),
        positive("window", spec.window(), d.window()),
        positive("minimumCalls", spec.minimumCalls(), d.minimumCalls()),
        duration("openFor", spec.openFor(), d.openFor()),
        positive("halfOpenCalls", spec.halfOpenCalls(), d.halfOpenCalls()));
  }

  /** Whether a key was wrong (and reported). */
  boolean failed() {
    return failed;
  }

  private int percent(String key, Integer value, int fallback) {
    if (value != null && (value <= 0 || value > 100)) {
      report(key, "must be a percentage from 1 to 100, got " + value);
    }
    return value == null ? fallback : value;
  }

  private int positive(String key, Integer value, int fallback) {
    if (value != null && value <= 0) {
      report(key, "must be a positive number of calls, got " + value);
    }
    return value == null ? fallback : value;
  }

  private Duration duration(String key, String value, Duration fallback) {
    if (value == null) {
      return fallback;
    }
    try {
      Duration parsed = Durations.parse(value, key);
      if (parsed.isZero()) {
        report(key, "must be longer than 0");
      }
      return parsed;
    } catch (ConfigException e) {
      report(key, e.getMessage().substring(key.length() + 2)); // drop the "key: " the parser starts with
      return fallback;
    }
  }

  private void report(String key, String message) {
    failed = true;
    problems.add(file.path(), file.locator().lineOf("backends", backend, "circuitBreaker", key),
        "backends." + backend + ".circuitBreaker." + key, message);
  }
}

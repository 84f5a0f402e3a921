package dev.sheaf.binding;

import dev.sheaf.config.ConfigException;
import dev.sheaf.config.ConfigProblems;
import dev.sheaf.config.Durations;
import java.time.Duration;

/**
 * Checks the keys of one section of a backend ({@code backends.NAME.circuitBreaker}, {@code .retry}):
 * each given value over its default, each wrong one reported at its file, line and key.
 */
final class SectionKeys {

  private final BindingLoader.LoadedFile file;
  private final String backend;
  private final String section;
  private final ConfigProblems problems;
  private boolean failed;

  SectionKeys(BindingLoader.LoadedFile file, String backend, String section, ConfigProblems problems) {
    this.file = file;
    this.backend = backend;
    this.section = section;
    this.problems = problems;
  }

  /** Whether a key was wrong (and reported). */
  boolean failed() {
    return failed;
  }

  int percent(String key, Integer value, int fallback) {
    if (value != null && (value <= 0 || value > 100)) {
      report(key, "must be a percentage from 1 to 100, got " + value);
    }
    return value == null ? fallback : value;
  }

  int positive(String key, Integer value, int fallback) {
    if (value != null && value <= 0) {
      report(key, "must be a positive number of calls, got " + value);
    }
    return value == null ? fallback : value;
  }

  Duration duration(String key, String value, Duration fallback) {
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

  void report(String key, String message) {
    failed = true;
    problems.add(file.path(), file.locator().lineOf("backends", backend, section, key),
        "backends." + backend + "." + section + "." + key, message);
  }
}

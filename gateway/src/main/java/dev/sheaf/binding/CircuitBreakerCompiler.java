package dev.sheaf.binding;

import dev.sheaf.binding.BindingFileSpec.CircuitBreakerSpec;
import dev.sheaf.config.ConfigProblems;

/**
 * Reads the keys under {@code backends.NAME.circuitBreaker} over the defaults, reporting each wrong
 * one at its file, line and key.
 */
final class CircuitBreakerCompiler {

  private final SectionKeys keys;

  CircuitBreakerCompiler(BindingLoader.LoadedFile file, String backend, ConfigProblems problems) {
    this.keys = new SectionKeys(file, backend, "circuitBreaker", problems);
  }

  /** @return the settings, or null for {@code off}; check {@link #failed()} before using them */
  BackendConfig.CircuitBreaker compile(CircuitBreakerSpec spec) {
    if (spec == CircuitBreakerSpec.OFF) {
      return null;
    }
    BackendConfig.CircuitBreaker d = BackendConfig.CircuitBreaker.DEFAULT;
    return new BackendConfig.CircuitBreaker(
        keys.percent("failureRate", spec.failureRate(), d.failureRate()),
        keys.duration("slowCallDuration", spec.slowCallDuration(), d.slowCallDuration()),
        keys.percent("slowCallRate", spec.slowCallRate(), d.slowCallRate()),
        keys.positive("window", spec.window(), d.window()),
        keys.positive("minimumCalls", spec.minimumCalls(), d.minimumCalls()),
        keys.duration("openFor", spec.openFor(), d.openFor()),
        keys.positive("halfOpenCalls", spec.halfOpenCalls(), d.halfOpenCalls()));
  }

  /** Whether a key was wrong (and reported). */
  boolean failed() {
    return keys.failed();
  }
}

package dev.sheaf.spi;

import java.util.concurrent.CompletionStage;

/**
 * The escape hatch for a field that a binding file cannot express (arithmetic over several calls,
 * conditional calls, reshaping). Implementations are discovered with {@link java.util.ServiceLoader}:
 * list the class in {@code META-INF/services/dev.sheaf.spi.FieldResolver}. They must not block:
 * return a stage that completes when the backends have answered.
 */
public interface FieldResolver {

  /** The schema coordinates this resolver serves, e.g. {@code "Query.quote"}. */
  String field();

  /**
   * Resolves the field. A failed stage whose cause came from {@link ResolverEnvironment} calls
   * becomes the field's coded error; any other failure is logged and reported as INTERNAL_ERROR.
   */
  CompletionStage<Object> resolve(ResolverEnvironment env);
}

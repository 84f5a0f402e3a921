package dev.sheaf.check;

import java.util.List;

/**
 * A stored operation that validated against the previous schema and no longer validates against
 * the current one, and the REST endpoints that run it.
 *
 * @param origin    the operation's file, or the endpoint whose inline {@code query:} it is
 * @param problems  the validation errors against the current schema, each with its line
 * @param endpoints the endpoints serving it, each as {@code "METHOD /path" (file:line)}
 */
public record BrokenOperation(String origin, List<String> problems, List<String> endpoints) {

  public BrokenOperation {
    problems = List.copyOf(problems);
    endpoints = List.copyOf(endpoints);
  }
}

package dev.sheaf.rest;

import java.util.List;
import java.util.Map;

/** What an endpoint's operation produced, as far as HTTP is concerned. */
sealed interface Outcome {

  /** Every field of the resource resolved (or, with {@code notFound: 200}, the resource is null). */
  record Complete(Object resource) implements Outcome {
  }

  /** The resource, with some fields null; {@code errors} say which and why, relative to the resource. */
  record Partial(Map<String, Object> resource, List<Map<String, Object>> errors) implements Outcome {
  }

  /** No resource: missing, its backends failed, or the request could not run. */
  record Unavailable(Problem problem) implements Outcome {
  }
}

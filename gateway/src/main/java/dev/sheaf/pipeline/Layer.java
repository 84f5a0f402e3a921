package dev.sheaf.pipeline;

/**
 * One policy between the resolver and the wire (dedupe, metrics, later cache, breaker, retry...):
 * wraps the handler below it. Wrapped once per backend when a configuration is built, never per call.
 */
@FunctionalInterface
public interface Layer {

  BackendHandler wrap(BackendHandler next);
}

package dev.sheaf.pipeline;

import dev.sheaf.backend.BackendException;
import dev.sheaf.backend.ErrorCode;
import dev.sheaf.binding.BackendConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A backend's circuit breaker (Resilience4j): once too many of its recent calls failed, calls fail at
 * once with BACKEND_UNAVAILABLE (extensions.circuit "open") without touching the network, giving
 * the backend time to recover; after {@code openFor} a few probe calls decide whether it has.
 *
 * <p>Only the non-blocking side of Resilience4j is used (tryAcquirePermission, then onSuccess or
 * onError with the call's duration), so an event loop never waits. Open turns to half-open when the
 * next call asks after {@code openFor}, not on a timer thread.
 */
public final class Breaker implements Layer {

  private static final Logger LOG = LoggerFactory.getLogger(Breaker.class);

  private final String backend;
  private final long backendTimeoutNanos;
  private final CircuitBreaker breaker;

  /** @param backendTimeout the backend's own timeout: a call cut shorter by its request's deadline tells nothing */
  public Breaker(String backend, BackendConfig.CircuitBreaker settings, Duration backendTimeout) {
    this.backend = backend;
    this.backendTimeoutNanos = backendTimeout.toNanos();
    CircuitBreakerConfig config = CircuitBreakerConfig.custom()
        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
        .slidingWindowSize(settings.window())
        .minimumNumberOfCalls(settings.minimumCalls())
        .failureRateThreshold(settings.failureRate())
        .slowCallRateThreshold(settings.slowCallRate())
        .slowCallDurationThreshold(settings.slowCallDuration())
        .waitDurationInOpenState(settings.openFor())
        .permittedNumberOfCallsInHalfOpenState(settings.halfOpenCalls())
        .automaticTransitionFromOpenToHalfOpenEnabled(false)
        .recordException(Breaker::isBackendFault)
        .build();
    this.breaker = CircuitBreaker.of(backend, config);
    breaker.getEventPublisher().onStateTransition(event -> logChange(event.getStateTransition()));
  }

  @Override
  public BackendHandler wrap(BackendHandler next) {
    return call -> {
      if (!breaker.tryAcquirePermission()) {
        return Future.failedFuture(BackendException.circuitOpen(backend));
      }
      long start = System.nanoTime();
      Future<Object> answer;
      try {
        answer = next.handle(call);
      } catch (RuntimeException e) {
        breaker.releasePermission(); // a layer below that throws must not keep a half-open probe slot
        throw e;
      }
      answer.onComplete(outcome -> {
        long took = System.nanoTime() - start;
        if (outcome.succeeded()) {
          breaker.onSuccess(took, TimeUnit.NANOSECONDS);
        } else if (call.deadline().cancelled()) {
          breaker.releasePermission(); // the client went away: says nothing about the backend
        } else if (cutByTheRequestsDeadline(outcome.cause(), took)) {
          // A client asking for 100 ms (Sheaf-Timeout) must not open the circuit of a backend that
          // answers within its own timeout.
          breaker.releasePermission();
        } else {
          // Not a backend fault (a 4xx, a refused argument) counts as a call the backend answered.
          breaker.onError(took, TimeUnit.NANOSECONDS, outcome.cause());
        }
      });
      return answer;
    };
  }

  /** A timeout that came before the backend's own timeout: the request's deadline ran out first. */
  private boolean cutByTheRequestsDeadline(Throwable failure, long tookNanos) {
    return failure instanceof BackendException be && be.code() == ErrorCode.BACKEND_TIMEOUT
        && tookNanos < backendTimeoutNanos;
  }

  /** 0 closed, 1 open, 2 half-open: the value of the backend's circuit state gauge. */
  public int stateCode() {
    return switch (breaker.getState()) {
      case OPEN, FORCED_OPEN -> 1;
      case HALF_OPEN -> 2;
      default -> 0;
    };
  }

  /**
   * Failures that say the backend is down or broken: unreachable, too slow, a 5xx. Not a call the
   * bulkhead below refused (reason "overloaded"): being busy is the gateway's limit, not the backend's fault.
   */
  static boolean isBackendFault(Throwable failure) {
    return failure instanceof BackendException be && be.isBackendFault() && be.reason() == null;
  }

  // Logged once per change, never per call: an open circuit refuses many calls a second.
  private void logChange(CircuitBreaker.StateTransition transition) {
    switch (transition.getToState()) {
      case OPEN -> LOG.warn("backend {}: circuit open ({} -> OPEN, failure rate {}%, slow call rate {}%); calls fail "
          + "at once until a probe succeeds", backend, transition.getFromState(),
          breaker.getMetrics().getFailureRate(), breaker.getMetrics().getSlowCallRate());
      case CLOSED -> LOG.info("backend {}: circuit closed ({} -> CLOSED); calls go through again", backend,
          transition.getFromState());
      default -> LOG.info("backend {}: circuit {} -> {}", backend, transition.getFromState(), transition.getToState());
    }
  }
}

package dev.sheaf.binding;

import com.fasterxml.jackson.annotation.JsonCreator;
import dev.sheaf.config.ConfigException;
import java.util.List;
import java.util.Map;

/**
 * One team's binding file, as written in YAML ({@code resolvers/*.yaml}). Unknown keys are refused
 * when the file is read. {@link BindingLoader} turns these specs into compiled {@link Bindings};
 * {@code endpoints} (REST composite endpoints) are read by their own package, kept raw here.
 */
public record BindingFileSpec(Map<String, BackendSpec> backends, Map<String, EntitySpec> entities,
                              Map<String, FieldSpec> fields, Map<String, Object> endpoints) {

  public BindingFileSpec {
    backends = backends == null ? Map.of() : backends;
    entities = entities == null ? Map.of() : entities;
    fields = fields == null ? Map.of() : fields;
    endpoints = endpoints == null ? Map.of() : endpoints;
  }

  /**
   * A backend: REST ({@code url}, {@code http2}) or gRPC ({@code grpc: host:port}, {@code tls},
   * {@code maxConcurrentStreams}, {@code descriptors: protos|reflection}); how long it may take,
   * how many connections, which client headers it gets, how large an answer it may send, the TLS it
   * connects with and the (secret) headers sent on every call.
   */
  public record BackendSpec(String url, String grpc, TlsSpec tls, Integer maxConcurrentStreams, String descriptors,
                            String timeout, Integer pool, List<String> forwardHeaders, Boolean forwardAuthorization,
                            Map<String, String> claimHeaders, Long maxResponseBytes,
                            CircuitBreakerSpec circuitBreaker, Integer maxConcurrentCalls,
                            Map<String, String> headers, Boolean http2, RetrySpec retry, HedgeSpec hedge,
                            CacheSpec cache) {
  }

  /**
   * A backend's answer cache: settings ({@code { ttl: 30s, perCaller: false }}), {@code on} (the
   * backend's own Cache-Control decides) or {@code off}. Unset means off.
   */
  public record CacheSpec(String ttl, Boolean perCaller) {

    /** {@code cache: off}; told apart from {@code on} by identity, as neither carries settings. */
    public static final CacheSpec OFF = new CacheSpec(null, null);

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static CacheSpec of(boolean on) {
      return on ? new CacheSpec(null, null) : OFF;
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static CacheSpec of(String word) {
      if ("off".equals(word) || "on".equals(word)) {
        return of("on".equals(word));
      }
      throw new ConfigException("cache: '" + word + "' is neither on, off nor settings such as { ttl: 30s }");
    }
  }

  /**
   * A backend's TLS: {@code true}/{@code false} (gRPC), or settings over the gateway's
   * {@code backendTls} defaults ({@code { caFiles: [ca.pem], certFile: gw.pem, keyFile: gw-key.pem }}),
   * which turn TLS on for a gRPC backend too. Paths are relative to the binding file's folder.
   */
  public record TlsSpec(List<String> caFiles, Boolean trustJvmCas, Boolean verifyHostname, String certFile,
                        String keyFile, String keyPassword) {

    /** {@code tls: false}; told apart from {@code tls: true} by identity, as neither carries settings. */
    public static final TlsSpec OFF = new TlsSpec(null, null, null, null, null, null);

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static TlsSpec of(boolean on) {
      return on ? new TlsSpec(null, null, null, null, null, null) : OFF;
    }

    /** Never the password: specs end up in error messages. */
    @Override
    public String toString() {
      return "TlsSpec[caFiles=" + caFiles + ", certFile=" + certFile + ", keyFile=" + keyFile + "]";
    }
  }

  /** {@code hedge: { after: 50ms }}: a second attempt of an idempotent call that has not answered by then. */
  public record HedgeSpec(String after) {
  }

  /**
   * A backend's retries of idempotent calls: {@code on} (the defaults), settings over the defaults
   * ({@code { attempts: 3, backoff: 50ms }}), or {@code off}. Unset means off: retries are opt-in.
   */
  public record RetrySpec(Integer attempts, String backoff, String maxBackoff, Integer budget, Integer burst) {

    /** {@code retry: off}; told apart from {@code {}} by identity, as it carries no settings. */
    public static final RetrySpec OFF = new RetrySpec(null, null, null, null, null);

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static RetrySpec of(boolean on) {
      return on ? new RetrySpec(null, null, null, null, null) : OFF;
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static RetrySpec of(String word) {
      if ("off".equals(word) || "on".equals(word)) {
        return of("on".equals(word));
      }
      throw new ConfigException("retry: '" + word + "' is neither on, off nor settings such as "
          + "{ attempts: 3, backoff: 50ms, maxBackoff: 1s, budget: 10, burst: 10 }");
    }
  }

  /**
   * A backend's circuit breaker: settings ({@code { failureRate: 50, openFor: 5s }}, the others
   * default), or {@code off}. Unset means on with the defaults.
   */
  public record CircuitBreakerSpec(Integer failureRate, String slowCallDuration, Integer slowCallRate, Integer window,
                                   Integer minimumCalls, String openFor, Integer halfOpenCalls) {

    /** {@code circuitBreaker: off}; told apart from {@code {}} by identity, as it carries no settings. */
    public static final CircuitBreakerSpec OFF = new CircuitBreakerSpec(null, null, null, null, null, null, null);

    // YAML reads a bare off/on as a boolean, a quoted one as a string: both mean the same here.
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static CircuitBreakerSpec of(boolean on) {
      return on ? new CircuitBreakerSpec(null, null, null, null, null, null, null) : OFF;
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static CircuitBreakerSpec of(String word) {
      if ("off".equals(word) || "on".equals(word)) {
        return of("on".equals(word));
      }
      throw new ConfigException("circuitBreaker: '" + word + "' is neither off nor settings such as "
          + "{ failureRate: 50, window: 20, minimumCalls: 10, openFor: 5s }");
    }
  }

  /**
   * How one schema field is resolved: a REST call ({@code get}/{@code post}/… with {@code query},
   * {@code body}, {@code select}), a value of the parent ({@code from}), or an entity looked up by key
   * ({@code entity} + {@code key}).
   */
  public record FieldSpec(String backend, String get, String post, String put, String patch, String delete,
                          String rpc, Object request,
                          Map<String, String> query, Object body, String select, String from,
                          String entity, String key, String keysOf, Map<String, String> known,
                          String notFound, FallbackSpec fallback,
                          List<String> invalidates) {
  }

  /** {@code fallback: { value: <literal> }} or {@code fallback: { stale: 10m }}: exactly one of the two. */
  public record FallbackSpec(Object value, String stale) {
  }

  /** How to fetch many objects of one type in ONE call, matched back by their key field. */
  public record EntitySpec(String backend, String key, String get, String post, String rpc, Object request,
                           Map<String, String> query, Object body, String select, Integer maxBatchSize) {
  }
}

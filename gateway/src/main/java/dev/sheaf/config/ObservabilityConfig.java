package dev.sheaf.config;

/** What the gateway tells its operators besides metrics: traces and logs. Both need a restart to change. */
public record ObservabilityConfig(TracingConfig tracing, LogsConfig logs) {

  public static ObservabilityConfig defaults() {
    return new ObservabilityConfig(TracingConfig.defaults(), LogsConfig.defaults());
  }
}
